//! Ctrl-C and SIGTERM. A batch lets the reports under way finish and starts
//! no new one ([`OnInterrupt::FinishRunning`]); every other command stops at
//! once ([`OnInterrupt::Stop`]). Either way the temporary files being
//! written are removed (`output::remove_live_temps_and_hold`) before the
//! process exits with 130, so no partial or temporary file is left and no
//! report is renamed into place after the interrupt.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the handler; a batch checks it before each report starts.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether the first interrupt ends the process.
static STOP_AT_FIRST: AtomicBool = AtomicBool::new(true);

/// What the first interrupt does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnInterrupt {
    /// Remove the temporary files being written, exit 130.
    Stop,
    /// Set [`INTERRUPTED`]; a second interrupt stops as [`OnInterrupt::Stop`].
    FinishRunning,
}

/// Install the handler (once per process; a later call only changes `mode`).
pub fn install(mode: OnInterrupt) {
    STOP_AT_FIRST.store(mode == OnInterrupt::Stop, Ordering::SeqCst);
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            let again = INTERRUPTED.swap(true, Ordering::SeqCst);
            if again || STOP_AT_FIRST.load(Ordering::SeqCst) {
                // Held until the process ends: no rename after this point.
                let _held = crate::output::remove_live_temps_and_hold();
                eprintln!("bị ngắt, không ghi tệp nào dở dang (interrupted; no partial file left)");
                std::process::exit(super::EXIT_INTERRUPTED);
            }
        });
    });
}
