#include <mpi.h>

// Open MPI's handles are macros over global symbols; Swift cannot import them directly.
static inline MPI_Comm nucleus_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype nucleus_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype nucleus_mpi_int(void) { return MPI_INT; }
static inline MPI_Datatype nucleus_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Op nucleus_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Errhandler nucleus_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline int nucleus_mpi_max_processor_name(void) { return MPI_MAX_PROCESSOR_NAME; }
static inline int nucleus_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }
