//! Command-line interface: the commands a user types. Help texts are in
//! Vietnamese with the English term where it helps. Exit codes: 0 success,
//! 1 input/template/render/output error, 2 usage error, 130 interrupted.
//! No panic reaches the user.

pub mod batch;
mod check;
mod chuyen;
mod commands;
pub mod diagnose;
mod init;
pub mod interrupt;
pub mod jobs;
pub mod slug;
pub mod synth;
mod table;
mod vi_clap;

pub use check::{finding_line, load_located, CheckView};
pub use init::sample_workbook;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: invalid data, template, render or output error; findings under `--strict`.
pub const EXIT_INVALID: i32 = 1;
/// Exit code: usage error.
pub const EXIT_USAGE: i32 = 2;
/// Exit code: interrupted (SIGINT/SIGTERM) before every report was made.
pub const EXIT_INTERRUPTED: i32 = 130;

/// How much to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

#[derive(Debug, Parser)]
#[command(
    name = "baocao",
    version,
    about = "Lập báo cáo kết quả đại hội chi bộ (PDF, DOCX) từ dữ liệu YAML\n(party-cell congress results report from YAML data)",
    propagate_version = true
)]
pub struct Cli {
    /// Chỉ in lỗi (quiet)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// In thêm chi tiết: cảnh báo, số liệu (verbose)
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Coi cảnh báo là lỗi (strict: warnings are errors)
    #[arg(long, global = true)]
    pub strict: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Kiểm tra dữ liệu, in số liệu tính được và các điểm không khớp (check)
    Check {
        /// Tệp dữ liệu YAML (data file)
        data: PathBuf,
    },
    /// Lập báo cáo chung, hoặc báo cáo một đơn vị với --don-vi (render)
    Render {
        /// Tệp dữ liệu YAML (data file)
        data: PathBuf,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        tpl: TemplateArgs,
        /// Mã đơn vị (phường/xã) cần lập báo cáo riêng (ward id)
        #[arg(long = "don-vi", value_name = "ID")]
        don_vi: Option<String>,
        /// In văn bản đánh dấu (markup) mẫu đã tạo ra màn hình, không ghi tệp (print the rendered markup)
        #[arg(long)]
        markup: bool,
    },
    /// Lập báo cáo cho từng đơn vị và báo cáo chung, chạy song song (batch)
    Batch {
        /// Tệp dữ liệu YAML (data file)
        data: PathBuf,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        tpl: TemplateArgs,
        /// Số luồng chạy song song (threads; mặc định: số nhân CPU)
        #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
        jobs: Option<u16>,
    },
    /// Tạo thư mục làm việc: dữ liệu mẫu, mẫu báo cáo để sửa, hướng dẫn (init)
    Init {
        /// Thư mục mới (new folder)
        dir: PathBuf,
    },
    /// Đổi dữ liệu YAML <-> bảng tính: `chuyen du-lieu.yaml du-lieu.xlsx` hoặc ngược lại (convert)
    Chuyen {
        /// Tệp nguồn: .yaml, .xlsx/.ods/.xls hoặc thư mục CSV (source)
        from: PathBuf,
        /// Tệp đích: .xlsx hoặc .yaml (target)
        to: PathBuf,
        /// Ghi đè tệp đích đã có (overwrite)
        #[arg(long)]
        force: bool,
    },
    /// Mẫu báo cáo có sẵn: liệt kê hoặc xuất ra để sửa (templates)
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
    /// Mở trang làm việc trong trình duyệt: chọn dữ liệu, xem trước, tải báo cáo (web page)
    #[command(name = "giao-dien")]
    GiaoDien {
        /// Tệp dữ liệu mở sẵn, tự đọc lại khi tệp thay đổi (data file, optional)
        data: Option<PathBuf>,
        /// Thư mục mẫu của người dùng; lưu tệp mẫu là trang tự cập nhật (user templates, watched)
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Không tự mở trình duyệt (do not open a browser)
        #[arg(long = "khong-mo")]
        khong_mo: bool,
        /// Cổng (port); mặc định: một cổng trống
        #[arg(long = "cong", value_name = "N")]
        cong: Option<u16>,
        /// Cho máy khác trong mạng nội bộ dùng, cần khóa truy cập in ra khi chạy (LAN use, with an access key)
        #[arg(long = "mang")]
        mang: bool,
    },
    /// Sinh dữ liệu tổng hợp để đo hiệu năng (synthetic data for benchmarks)
    #[command(name = "sinh-du-lieu")]
    Generate {
        /// Số đơn vị (wards)
        #[arg(long, default_value_t = 12)]
        wards: usize,
        /// Số chi bộ mỗi đơn vị (cells per ward)
        #[arg(long, default_value_t = 10)]
        cells: usize,
        /// Hạt giống ngẫu nhiên (seed)
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Tệp ra (output file); mặc định in ra màn hình
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Liệt kê các mẫu (list)
    List {
        /// Thư mục mẫu của người dùng (user template folder)
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// Xuất các mẫu có sẵn ra thư mục để sửa (export)
    Export {
        /// Thư mục đích (target folder)
        dir: PathBuf,
        /// Ghi đè tệp đã có (overwrite)
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Thư mục ghi báo cáo (output folder)
    #[arg(
        short = 'o',
        long = "out",
        value_name = "OUT_DIR",
        default_value = "out"
    )]
    pub out_dir: PathBuf,
    /// Định dạng (format)
    #[arg(short = 'f', long = "format", value_enum, default_value_t = FormatArg::All)]
    pub format: FormatArg,
    /// Vẫn lập báo cáo khi có ký tự không phông nào có (in thành ô trống), chỉ cảnh báo
    /// (allow missing characters: a warning, not an error)
    #[arg(long = "cho-phep-thieu-chu")]
    pub allow_missing: bool,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Mẫu báo cáo chung: tên mẫu hoặc tệp .tera (town report template: name or file)
    #[arg(long, value_name = "NAME|FILE")]
    pub template: Option<String>,
    /// Mẫu báo cáo đơn vị: tên mẫu hoặc tệp .tera (ward report template: name or file)
    #[arg(long = "template-don-vi", value_name = "NAME|FILE")]
    pub template_don_vi: Option<String>,
    /// Thư mục mẫu của người dùng, ghi đè mẫu có sẵn theo tên (user templates)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Pdf,
    Docx,
    All,
}

impl FormatArg {
    pub fn formats(self) -> Vec<jobs::Format> {
        match self {
            FormatArg::Pdf => vec![jobs::Format::Pdf],
            FormatArg::Docx => vec![jobs::Format::Docx],
            FormatArg::All => vec![jobs::Format::Pdf, jobs::Format::Docx],
        }
    }
}

/// Run the CLI; returns the process exit code.
pub fn main() -> i32 {
    run(std::env::args_os())
}

/// The one argument, when it is a data file that exists (not a command,
/// not an option): what Windows passes when a file is dropped on the exe.
fn dropped_data_file(args: &[std::ffi::OsString]) -> Option<std::path::PathBuf> {
    let [_, arg] = args else { return None };
    let path = std::path::Path::new(arg);
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let data = ["yaml", "yml", "xlsx", "xlsm", "xls", "xlsb", "ods"];
    (data.contains(&ext.as_str()) && path.is_file()).then(|| path.to_path_buf())
}

/// Run the CLI on these arguments (the first is the program name).
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    // No arguments and no terminal (a double-click in Windows Explorer):
    // the page, with a word on what this is. In a terminal: the help.
    // A data file dropped on the program's icon (Windows starts it with the
    // file's path as its only argument): the page, with that file loaded.
    let dropped = dropped_data_file(&args);
    if (args.len() == 1 || dropped.is_some()) && crate::web::started_without_terminal() {
        let opts = crate::web::Options {
            data: dropped,
            open_browser: true,
            intro: true,
            ..Default::default()
        };
        return match crate::web::run(opts) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("lỗi (error): {}", crate::os_error::error_text(&e));
                // A console Explorer opened closes with the program: keep
                // the message on screen until the clerk has read it.
                crate::web::wait_before_the_console_closes();
                EXIT_INVALID
            }
        };
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            use std::io::Write;
            // Help and version go to stdout (exit 0), errors to stderr
            // (exit 2), in Vietnamese first.
            if e.use_stderr() {
                let text = match e.kind() {
                    clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                        vi_clap::help_text(&e.render().to_string())
                    }
                    _ => vi_clap::error_text(&e),
                };
                let _ = std::io::stderr().lock().write_all(text.as_bytes());
                return EXIT_USAGE;
            }
            let text = vi_clap::help_text(&e.render().to_string());
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            return EXIT_OK;
        }
    };
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| commands::run(cli));
    let _ = std::panic::take_hook();
    match result {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("{}", diagnose::error_line(&e));
            EXIT_INVALID
        }
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            eprintln!("baocao: lỗi nội bộ (internal error; xin báo lỗi kèm tệp dữ liệu): {msg}");
            EXIT_INVALID
        }
    }
}
