/// The bash bodies of the batch scripts, shared by the generic copies in `slurm/` and the scripts
/// `nucleus submit` renders. Embedded here rather than read from `slurm/` at run time so that an
/// installed `nucleus` binary needs no source tree; `slurm/*.sbatch` are checked against these by a test.
enum SlurmScriptBodies {
    static let run = #"""
        set -uo pipefail
        fail() { echo "run.sbatch: error: $*" >&2; exit 2; }

        # ---- parameters -----------------------------------------------------------------------------
        [ -n "${NUCLEUS_JOB:-}" ] || fail "NUCLEUS_JOB is not set (the job file, absolute path); submit with: sbatch --nodes N --export=ALL,NUCLEUS_JOB=/abs/job.yaml,NUCLEUS_OUTPUT=/abs/results run.sbatch  (or use: nucleus submit)"
        [ -n "${NUCLEUS_OUTPUT:-}" ] || fail "NUCLEUS_OUTPUT is not set (the results folder, absolute path)"
        [ -f "$NUCLEUS_JOB" ] || fail "NUCLEUS_JOB=$NUCLEUS_JOB: no such file"
        NUCLEUS_BIN=${NUCLEUS_BIN:-$(command -v nucleus || true)}
        [ -n "$NUCLEUS_BIN" ] || fail "NUCLEUS_BIN is not set and there is no nucleus on PATH"
        [ -x "$NUCLEUS_BIN" ] || fail "NUCLEUS_BIN=$NUCLEUS_BIN: not an executable file"
        launcher=${NUCLEUS_LAUNCHER:-srun}
        on_stop=${NUCLEUS_ON_STOP:-requeue}

        # ---- threads: Nucleus calls OpenBLAS single-threaded and runs its own compute threads, one per
        # core Slurm gave the rank (ranks × threads = cores of the allocation).
        export NUCLEUS_THREADS=${NUCLEUS_THREADS:-${SLURM_CPUS_PER_TASK:-1}}
        export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
        # Slurm >= 22.11 no longer hands --cpus-per-task from the allocation down to srun.
        if [ -n "${SLURM_CPUS_PER_TASK:-}" ]; then export SRUN_CPUS_PER_TASK=$SLURM_CPUS_PER_TASK; fi

        case $launcher in
            srun) step=(srun --mpi=pmix) ;;
            mpirun) step=(mpirun --bind-to none) ;;
            *) fail "NUCLEUS_LAUNCHER=$launcher: expected srun or mpirun" ;;
        esac
        case $on_stop in
            requeue | resubmit | none) ;;
            *) fail "NUCLEUS_ON_STOP=$on_stop: expected requeue, resubmit or none" ;;
        esac
        step+=("$NUCLEUS_BIN" run "$NUCLEUS_JOB" --output "$NUCLEUS_OUTPUT")

        # ---- signals: Slurm sends USR1 to this shell before the time limit (--signal=B:USR1@120), TERM
        # at the limit or on scancel. Either way the ranks are asked (USR1) to finish their current unit;
        # `nucleus run` then exits 75 when units are left.
        step_pid=
        stop_signal=
        forward() {
            stop_signal=$1
            echo "run.sbatch: SIG$1 at $(date +%T): asking the ranks to stop after their current unit" >&2
            if [ -n "$step_pid" ]; then kill -USR1 "$step_pid" 2>/dev/null || true; fi
        }
        trap 'forward USR1' USR1
        trap 'forward TERM' TERM

        echo "run.sbatch: job ${SLURM_JOB_ID:-?} (restart ${SLURM_RESTART_COUNT:-0}) on ${SLURM_JOB_NODELIST:-?}: ${SLURM_NTASKS:-?} ranks x $NUCLEUS_THREADS threads: ${step[*]}" >&2
        "${step[@]}" &
        step_pid=$!
        if [ -n "$stop_signal" ]; then kill -USR1 "$step_pid" 2>/dev/null || true; fi
        # A trapped signal ends `wait` early: wait again until the step itself has ended.
        wait "$step_pid"
        status=$?
        while kill -0 "$step_pid" 2>/dev/null; do
            wait "$step_pid"
            status=$?
        done

        case $status in
            0) echo "run.sbatch: every unit is done" >&2; exit 0 ;;
            75) ;;
            *) echo "run.sbatch: nucleus run exited $status: not requeued (see above and $NUCLEUS_OUTPUT/journal.tsv)" >&2; exit "$status" ;;
        esac

        # ---- 75: stopped by a signal with units left; the next run resumes where this one stopped ----
        resume_hint="resume with: sbatch ${NUCLEUS_SCRIPT:-run.sbatch}"
        case $on_stop in
            requeue)
                # The job keeps its id, so a reducer waiting on it (afterok) keeps waiting. Slurm holds a
                # requeued job back for about two minutes (BeginTime) before it starts again.
                echo "run.sbatch: units left: requeueing job $SLURM_JOB_ID" >&2
                if scontrol requeue "$SLURM_JOB_ID"; then
                    # Slurm now ends this instance and queues the job again. Exiting first races the
                    # requeue (seen: the job then ends FAILED), so wait to be killed, deaf to TERM.
                    trap '' TERM USR1
                    sleep 600 &
                    wait $!
                    exit 75
                fi
                echo "run.sbatch: scontrol requeue failed (job cancelled, or submitted without --requeue?); $resume_hint" >&2
                ;;
            resubmit)
                if [ "$stop_signal" != USR1 ]; then
                    echo "run.sbatch: stopped by SIG$stop_signal (scancel or time limit), not resubmitting; $resume_hint" >&2
                    exit 75
                fi
                script=${NUCLEUS_SCRIPT:-$(scontrol show job "$SLURM_JOB_ID" | sed -n 's/^ *Command=//p')}
                if next=$(sbatch --parsable "$script"); then
                    next=${next%%;*}
                    echo "run.sbatch: units left: resubmitted as job $next" >&2
                    # Jobs waiting on this one (the reducer) now wait on its successor.
                    for dependent in $(squeue -h -o '%i %E' | awk -v id="$SLURM_JOB_ID" '$2 ~ (":" id "([^0-9]|$)") { print $1 }'); do
                        scontrol update JobId="$dependent" Dependency="afterok:$next" && echo "run.sbatch: job $dependent now waits for job $next" >&2
                    done
                else
                    echo "run.sbatch: sbatch failed; $resume_hint" >&2
                fi
                ;;
            none) echo "run.sbatch: units left; $resume_hint" >&2 ;;
        esac
        exit 75

        """#

    static let reduce = #"""
        set -uo pipefail
        fail() { echo "reduce.sbatch: error: $*" >&2; exit 2; }
        [ -n "${NUCLEUS_OUTPUT:-}" ] || fail "NUCLEUS_OUTPUT is not set (the results folder, absolute path); submit with: sbatch --export=ALL,NUCLEUS_OUTPUT=/abs/results reduce.sbatch"
        [ -d "$NUCLEUS_OUTPUT" ] || fail "NUCLEUS_OUTPUT=$NUCLEUS_OUTPUT: no such folder"
        NUCLEUS_BIN=${NUCLEUS_BIN:-$(command -v nucleus || true)}
        [ -n "$NUCLEUS_BIN" ] || fail "NUCLEUS_BIN is not set and there is no nucleus on PATH"
        [ -x "$NUCLEUS_BIN" ] || fail "NUCLEUS_BIN=$NUCLEUS_BIN: not an executable file"
        export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
        echo "reduce.sbatch: job ${SLURM_JOB_ID:-?}: $NUCLEUS_BIN reduce $NUCLEUS_OUTPUT" >&2
        # The job ends with the reducer's status: 0 = complete report; 3 = report written but partial
        # (units missing or damaged; jobs chained with afterok on this one do not start); 1 = stopped.
        exec "$NUCLEUS_BIN" reduce "$NUCLEUS_OUTPUT"

        """#
}
