//! Workbook bytes (xlsx, ods, xlsb) -> grids within the caps -> YAML tree
//! -> typed model: every input is refused with a message or read, in
//! bounded memory (the caps of `data::sheet::bounds`), never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for ext in ["xlsx", "ods", "xlsb"] {
        let grids = match baocao::data::sheet::workbook::grids_from_bytes(data.to_vec(), ext, "fuzz") {
            Ok(g) => g,
            Err(e) => {
                let _ = e.to_string();
                continue;
            }
        };
        if let Ok(mut read) = baocao::data::sheet::read::read(&grids, "fuzz") {
            let _ = baocao::data::sheet::read::dataset(&mut read, "fuzz");
        }
    }
});
