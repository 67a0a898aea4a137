//! Operating-system errors in words a clerk understands. Windows writes its
//! own messages in the system's language ("Access is denied. (os error 5)");
//! a clerk who left the report open in Word needs to read that in
//! Vietnamese, with what to do. [`vi`] gives the Vietnamese reason first and
//! keeps the system's text in brackets (for whoever helps them);
//! [`error_text`] prints a whole error chain that way.

use std::io;

/// Windows error codes met when writing a report (winerror.h).
mod win {
    /// ERROR_ACCESS_DENIED: a file open in another program without
    /// FILE_SHARE_DELETE (Word, Acrobat) cannot be replaced; or a folder
    /// the user may not write to.
    pub const ACCESS_DENIED: i32 = 5;
    /// ERROR_SHARING_VIOLATION: the file is open in another program.
    pub const SHARING_VIOLATION: i32 = 32;
    /// ERROR_LOCK_VIOLATION: part of the file is locked by another program.
    pub const LOCK_VIOLATION: i32 = 33;
    /// ERROR_INVALID_NAME: a character Windows forbids in a name.
    pub const INVALID_NAME: i32 = 123;
    /// ERROR_FILENAME_EXCED_RANGE: the path is longer than Windows allows.
    pub const PATH_TOO_LONG: i32 = 206;
}

/// What the clerk is told when a file is in use (Windows errors 5, 32, 33).
pub const FILE_IN_USE: &str = "tệp đang được mở trong chương trình khác: hãy đóng tệp trong Word \
     hoặc trình xem PDF (Adobe Reader, trình duyệt...) rồi làm lại";

/// What the clerk is told for Windows error 5: replacing a report held open
/// by Word or a PDF viewer gives it, as does a folder they may not write to.
pub const ACCESS_DENIED: &str =
    "Windows từ chối truy cập: nếu tệp đang mở, hãy đóng tệp trong Word \
     hoặc trình xem PDF rồi làm lại; nếu không, hãy chọn thư mục khác mà bạn được ghi \
     (ví dụ thư mục Tài liệu - Documents)";

/// The Vietnamese reason for `e`, then the system's own text in brackets.
/// An error the program made itself (not from the system) is its own text.
pub fn vi(e: &io::Error) -> String {
    match reason(e) {
        Some(reason) => format!("{reason} ({e})"),
        None => e.to_string(),
    }
}

/// Whether `e` means "the file is open in another program" (Windows).
pub fn is_file_in_use(e: &io::Error) -> bool {
    cfg!(windows)
        && matches!(
            e.raw_os_error(),
            Some(win::SHARING_VIOLATION | win::LOCK_VIOLATION)
        )
}

fn reason(e: &io::Error) -> Option<String> {
    let code = e.raw_os_error()?;
    if is_file_in_use(e) {
        return Some(FILE_IN_USE.to_string());
    }
    if cfg!(windows) {
        match code {
            // Replacing a report held open by Word or a PDF viewer gives 5,
            // as does a folder the user may not write to.
            win::ACCESS_DENIED => return Some(ACCESS_DENIED.to_string()),
            win::INVALID_NAME => {
                return Some(
                    "tên tệp hoặc thư mục không hợp lệ: Windows không cho dùng các ký tự \
                     \\ / : * ? \" < > | trong tên"
                        .into(),
                )
            }
            win::PATH_TOO_LONG => {
                return Some("đường dẫn quá dài: hãy dùng thư mục có đường dẫn ngắn hơn".into())
            }
            _ => {}
        }
    }
    use io::ErrorKind as K;
    Some(
        match e.kind() {
            K::NotFound => "không tìm thấy tệp hoặc thư mục",
            K::PermissionDenied => "không có quyền truy cập tệp hoặc thư mục này",
            K::AlreadyExists => "tệp hoặc thư mục đã có",
            K::StorageFull => "ổ đĩa đã đầy: hãy giải phóng chỗ trống rồi làm lại",
            K::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc, không ghi được",
            K::IsADirectory => "đây là một thư mục, không phải tệp",
            K::NotADirectory => "một phần của đường dẫn không phải thư mục",
            K::InvalidFilename => "tên tệp không hợp lệ",
            _ => return None,
        }
        .to_string(),
    )
}

/// An error chain as `{:#}` prints it ("context: cause: cause"), each
/// system error in Vietnamese ([`vi`]).
pub fn error_text(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for (i, cause) in e.chain().enumerate() {
        if i > 0 {
            out.push_str(": ");
        }
        match cause.downcast_ref::<io::Error>() {
            Some(io) => out.push_str(&vi(io)),
            None => out.push_str(&cause.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_said_in_vietnamese_with_the_system_text_kept() {
        let e = std::fs::read("khong-co/tệp này.yaml").unwrap_err();
        let text = vi(&e);
        assert!(
            text.starts_with("không tìm thấy tệp hoặc thư mục ("),
            "{text}"
        );
        assert!(text.contains(&e.to_string()), "{text}");
    }

    #[test]
    fn the_programs_own_errors_are_left_as_they_are() {
        let e = io::Error::other("tệp quá lớn (16 MiB)");
        assert_eq!(vi(&e), "tệp quá lớn (16 MiB)");
    }

    #[test]
    fn a_file_held_open_tells_the_clerk_to_close_it_in_word() {
        let used = io::Error::from_raw_os_error(win::SHARING_VIOLATION);
        let denied = io::Error::from_raw_os_error(win::ACCESS_DENIED);
        if cfg!(windows) {
            assert!(is_file_in_use(&used));
            for e in [used, denied] {
                let text = vi(&e);
                assert!(text.contains("đóng tệp trong Word"), "{text}");
                assert!(text.contains("trình xem PDF"), "{text}");
            }
        } else {
            // On Unix 32 is EPIPE and 5 EIO: not about a file in use.
            assert!(!is_file_in_use(&used));
            assert!(!vi(&used).contains("Word"));
            assert!(!vi(&denied).contains("Word"));
        }
    }

    #[test]
    fn a_chain_reads_like_anyhows_with_system_errors_translated() {
        let io = std::fs::read("khong-co/x.pdf").unwrap_err();
        let e = anyhow::Error::new(io).context("không ghi được kết quả/x.pdf");
        let text = error_text(&e);
        assert!(
            text.starts_with("không ghi được kết quả/x.pdf: không tìm thấy tệp"),
            "{text}"
        );
        let plain = anyhow::anyhow!("a").context("b");
        assert_eq!(error_text(&plain), format!("{plain:#}"));
    }
}
