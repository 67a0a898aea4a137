/// mimalloc: a report makes tens of thousands of small allocations (glyph
/// runs, XML strings); glibc's malloc and free were a fifth of a batch's
/// instructions.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v2): how long freed memory stays
/// committed before it is returned to the system, in ms (default 10).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // 1 ms instead of 10: the town report of a 16 MiB input (3,900 wards)
    // frees large buffers while the ward reports allocate on the other
    // thread; memory kept the full 10 ms made the peak 151-170 MB, with
    // 1 ms 133-137 MB, at no measured cost in CPU (docs/performance.md).
    // SAFETY: set before any other thread exists, as mimalloc requires.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1) };
    std::process::exit(baocao::cli::main());
}
