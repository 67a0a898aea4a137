/// mimalloc: a report makes tens of thousands of small allocations (glyph
/// runs, XML strings); glibc's malloc and free were a fifth of a batch's
/// instructions.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(baocao::cli::main());
}
