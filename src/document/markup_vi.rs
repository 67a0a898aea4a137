//! Markup errors in Vietnamese first: each message the markup parser (and
//! its front matter) writes gets its Vietnamese statement, the English one
//! kept after it in brackets, as the data errors read. One table, so the
//! parser's messages stay where they are raised.

/// (English message start, Vietnamese statement), tried in order.
const MESSAGES: [(&str, &str); 21] = [
    (
        "the markup lacks its front matter",
        "văn bản đánh dấu thiếu phần đầu (khối `---` có ít nhất `date:`)",
    ),
    (
        "front matter",
        "phần đầu văn bản (front matter) không hợp lệ",
    ),
    (
        "footnote [^",
        "chú thích không hợp lệ: được gọi mà không có nội dung, hoặc chứa thứ khác ngoài đoạn văn",
    ),
    (
        "unexpected content in a list",
        "nội dung không hợp lệ trong danh sách",
    ),
    (
        "block quotes and code blocks",
        "không dùng trích dẫn hay khối mã trong báo cáo (có dòng thụt đầu bằng dấu cách?)",
    ),
    (
        "markup not supported in a report",
        "cú pháp này không dùng được trong báo cáo",
    ),
    (
        "unterminated comment",
        "chú thích `<!--` không có `-->` đóng lại",
    ),
    (
        "bad column widths",
        "độ rộng cột không hợp lệ: cần các số dương",
    ),
    (
        "HTML is not part of the report markup",
        "không dùng HTML trong báo cáo",
    ),
    (
        "an image must stand alone",
        "hình ảnh phải đứng riêng một đoạn",
    ),
    (
        "bad image width",
        "độ rộng hình ảnh không hợp lệ: cần số milimét, vd. {width=60}",
    ),
    (
        "unknown image attribute",
        "thuộc tính hình ảnh không hợp lệ (chỉ có width=MM)",
    ),
    (
        "unknown paragraph attribute",
        "thuộc tính đoạn văn không hợp lệ",
    ),
    (
        "inline HTML",
        "thẻ HTML không dùng được trong báo cáo (chỉ có <u> <sup> <b> <i> <br>)",
    ),
    ("block ", "khối này không đặt được trong một đoạn văn"),
    (
        "`widths:` gives",
        "số cột của `widths:` khác số cột của bảng sau nó",
    ),
    ("unterminated table", "bảng không có điểm kết thúc"),
    (
        "images cannot go in table cells",
        "không đặt hình ảnh trong ô bảng",
    ),
    ("image ", "lỗi hình ảnh"),
    ("an image path", "đường dẫn hình ảnh không hợp lệ"),
    (
        "absolute",
        "đường dẫn hình ảnh không được là đường dẫn tuyệt đối",
    ),
];

/// Image messages, told apart by what follows the path.
const IMAGE: [(&str, &str); 4] = [
    (
        "not a valid PNG or JPEG",
        "hình ảnh không phải tệp PNG hay JPEG hợp lệ",
    ),
    (
        "outside the template folder",
        "hình ảnh nằm ngoài thư mục mẫu: không dùng",
    ),
    ("pixels: empty or too large", "hình ảnh rỗng hoặc quá lớn"),
    ("", "không đọc được hình ảnh"),
];

/// `message` with its Vietnamese statement first: "vi (en)". A message
/// the table does not know is left alone when it is Vietnamese already
/// (it holds a Vietnamese letter), else gets a general statement.
pub fn vietnamese(message: &str) -> String {
    let vi = if message.starts_with("image ") {
        IMAGE
            .iter()
            .find(|(en, _)| message.contains(en))
            .map(|(_, vi)| *vi)
    } else {
        MESSAGES
            .iter()
            .find(|(en, _)| message.starts_with(en))
            .map(|(_, vi)| *vi)
    };
    match vi {
        Some(vi) => format!("{vi} ({message})"),
        None if message.chars().any(|c| {
            "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
                .contains(c.to_lowercase().next().unwrap_or(c))
        }) =>
        {
            message.to_string()
        }
        None => format!("văn bản đánh dấu không hợp lệ ({message})"),
    }
}

#[cfg(test)]
mod tests {
    use super::vietnamese;

    #[test]
    fn messages_read_vietnamese_first_and_keep_the_english() {
        let m = vietnamese("inline HTML `<span>` is not part of the report markup (known: <u>)");
        assert!(m.starts_with("thẻ HTML không dùng được"), "{m}");
        assert!(m.contains("(inline HTML `<span>`"), "{m}");
        let m = vietnamese("image a.png: not a valid PNG or JPEG file");
        assert!(m.starts_with("hình ảnh không phải tệp PNG"), "{m}");
        let m = vietnamese("image a.png: No such file or directory (os error 2)");
        assert!(m.starts_with("không đọc được hình ảnh"), "{m}");
        assert!(vietnamese("xyz").starts_with("văn bản đánh dấu không hợp lệ (xyz)"));
        assert_eq!(vietnamese("đã là tiếng Việt"), "đã là tiếng Việt");
    }
}
