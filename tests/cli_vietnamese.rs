//! clap's usage, help and argument errors in Vietnamese first (exit 2 for
//! usage errors, 0 for help), never clap's English alone.

mod cli_support;
use cli_support::*;

fn no_bare_english(text: &str) {
    for en in [
        "error:",
        "Usage:",
        "For more information",
        "Options:",
        "Commands:",
        "Print help",
        "tip:",
    ] {
        assert!(!text.contains(en), "{en:?} in:\n{text}");
    }
}

#[test]
fn argument_errors_are_in_vietnamese_with_exit_2() {
    let cases: [(&[&str], &[&str]); 7] = [
        (
            &["render", "x.yaml", "-f", "pfd"],
            &[
                "lỗi: giá trị không hợp lệ `pfd`",
                "--format",
                "pdf, docx, all",
            ],
        ),
        (
            &["rendr"],
            &["không có lệnh `rendr`", "có phải `render`?", "Cách dùng"],
        ),
        (
            &["render"],
            &["thiếu tham số bắt buộc", "<DATA>", "Cách dùng"],
        ),
        (
            &["render", "x.yaml", "--tempate", "a"],
            &["không có tham số `--tempate`", "có phải `--template`?"],
        ),
        (
            &["batch", "x.yaml", "-j", "0"],
            &["giá trị không hợp lệ `0`", "--jobs"],
        ),
        (
            &["-q", "-v", "check", "x.yaml"],
            &["không dùng `--quiet` cùng với `--verbose`"],
        ),
        (
            &["render", "x.yaml", "--don-vi"],
            &["thiếu giá trị cho `--don-vi"],
        ),
    ];
    for (args, wants) in cases {
        let o = baocao(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        for w in wants {
            assert!(err.contains(w), "{args:?}: {w:?} not in:\n{err}");
        }
        no_bare_english(&err);
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
}

#[test]
fn help_is_in_vietnamese() {
    for args in [
        &["--help"][..],
        &["render", "--help"],
        &["help", "batch"],
        &[],
    ] {
        let o = baocao(args);
        let text = if args.is_empty() {
            stderr(&o)
        } else {
            stdout(&o)
        };
        let want = if args.is_empty() { 2 } else { 0 };
        assert_eq!(o.status.code(), Some(want), "{args:?}: {text}");
        assert!(text.contains("Cách dùng (usage):"), "{args:?}: {text}");
        assert!(text.contains("Tùy chọn (options):"), "{args:?}: {text}");
        no_bare_english(&text);
    }
    let o = baocao(&["batch", "--help"]);
    let text = stdout(&o);
    assert!(text.contains("--template-don-vi"), "{text}");
    assert!(text.contains("[mặc định (default): out]"), "{text}");
}
