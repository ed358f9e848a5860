//! The process's memory allocator: mimalloc, and a hand-back of freed memory between stages.
//!
//! Why: signing allocates and frees small buffers for every article on every worker, and with
//! glibc's allocator that took about 8 % of a scan's CPU time (whole-process timings: mimalloc
//! made a scan 7 % faster at 100k articles and 13 % at 1M). It is set here, in the library, so
//! the command line, the Python package (its Spark tasks included), the tests and the benchmarks
//! all run on the allocator that ships.
//!
//! mimalloc keeps freed pages a while before it returns them to the system. Between two stages
//! of a large run that let one stage's peak stand on the last one's leftovers: 1.96–2.16 GiB at
//! 1M articles against 1.8 GiB with glibc. [`release`], called at each stage boundary of a
//! batch run (`pipeline::run`), forces a collection there instead; shortening the delay
//! everywhere did as much for the peak but cost every stage system time.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Hands the memory freed so far back to the system (a forced collection), so the next stage's
/// peak does not stand on the previous one's leftovers. Called between stages.
pub fn release() {
    // SAFETY: `mi_collect` only walks the allocator's own free lists and pages; any thread may
    // call it at any time.
    unsafe { libmimalloc_sys::mi_collect(true) };
}
