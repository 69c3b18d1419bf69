#include <hdf5.h>

// HDF5's type and property-list constants are macros that call H5open(); Swift 6 rejects the
// underlying H5T_*_g globals as not concurrency-safe, so each is exposed through a getter.
static inline hid_t nucleus_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t nucleus_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t nucleus_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t nucleus_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t nucleus_h5t_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t nucleus_h5t_c_s1(void) { return H5T_C_S1; }
static inline hid_t nucleus_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t nucleus_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t nucleus_h5s_all(void) { return H5S_ALL; }
static inline unsigned nucleus_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned nucleus_h5f_acc_excl(void) { return H5F_ACC_EXCL; }
static inline unsigned nucleus_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline hsize_t nucleus_h5s_unlimited(void) { return H5S_UNLIMITED; }
static inline size_t nucleus_h5t_variable(void) { return H5T_VARIABLE; }
static inline hid_t nucleus_h5t_native_uint64(void) { return H5T_NATIVE_UINT64; }
static inline unsigned nucleus_h5f_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline hid_t nucleus_h5p_file_create(void) { return H5P_FILE_CREATE; }
static inline hid_t nucleus_h5t_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t nucleus_h5t_std_i32le(void) { return H5T_STD_I32LE; }
