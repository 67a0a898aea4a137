fn main() {
    std::process::exit(baocao::cli::main());
}
