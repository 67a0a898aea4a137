//! Customisation: a user directory overriding one block, settings.yaml
//! overlay, a template file given directly; and the template error kinds,
//! each naming template, line and column.

use std::path::Path;

use baocao::data;
use baocao::document::{plain_text, Block, Document};
use baocao::stats;
use baocao::template::{Engine, TemplateError, TemplateErrorKind};

fn sample() -> data::Dataset {
    data::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/ky-anh-2019.yaml")).unwrap()
}

fn texts(d: &Document) -> Vec<String> {
    d.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { content, .. } => Some(plain_text(content)),
            Block::Paragraph(p) => Some(plain_text(&p.content)),
            _ => None,
        })
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn user_dir_overrides_one_block_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bao-cao-thi-xa.md.tera",
        "{% extends \"thi-xa.md.tera\" %}\n{% block dac_diem %}# I- TÌNH HÌNH CHUNG\n\nĐảng bộ có {{ dang_bo.dang_vien | number }} đảng viên ({{ dang_vien_chu }}).{% endblock dac_diem %}\n"
            .replace("{{ dang_vien_chu }}", "{{ dang_bo.dang_vien | words }}")
            .as_str(),
    );
    write(dir.path(), "settings.yaml", "body: { size: 13 }\n");
    let data = sample();
    let e = Engine::with_dir(dir.path()).unwrap();
    let d = e.render_town(&data, &stats::derive(&data)).unwrap();
    let t = texts(&d);
    assert!(t.contains(&"I- TÌNH HÌNH CHUNG".to_string()), "{t:?}");
    assert!(t.contains(&"Đảng bộ có 4.283 đảng viên (bốn nghìn hai trăm tám mươi ba).".to_string()));
    assert!(!t.iter().any(|x| x == "I- ĐẶC ĐIỂM TÌNH HÌNH"));
    // The other sections and the footnotes of the built-in are kept.
    assert!(t.iter().any(|x| x == "III- KẾT QUẢ ĐẠI HỘI"));
    assert!(t.iter().any(|x| x == "V- NHIỆM VỤ TRỌNG TÂM SAU ĐẠI HỘI"));
    assert_eq!(d.meta.header.as_ref().unwrap().number, "Số 05-BC/Th.U");
    // The footnote of the replaced section is no longer referenced: only 2.
    assert_eq!(d.footnotes.len(), 2);
    // settings.yaml is laid over the built-in one.
    assert_eq!(d.settings.body.size, 13.0);
    assert_eq!(d.settings.body.line, 19.0);
    assert_eq!(e.settings().body.size, 13.0);
}

#[test]
fn user_dir_can_replace_a_shared_part() {
    // Overriding the base layout changes the front matter of every report.
    let dir = tempfile::tempdir().unwrap();
    let base = baocao::template::builtin_templates()
        .iter()
        .find(|(n, _)| *n == "base.md.tera")
        .unwrap()
        .1
        .replace("title: {{ doc.chuc_vu | yaml }}", "title: \"PHÓ BÍ THƯ\"");
    write(dir.path(), "base.md.tera", &base);
    let data = sample();
    let d = Engine::with_dir(dir.path())
        .unwrap()
        .render_town(&data, &stats::derive(&data))
        .unwrap();
    assert_eq!(d.meta.closing.unwrap().title, vec!["PHÓ BÍ THƯ"]);
}

#[test]
fn template_file_given_directly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rieng.md.tera");
    std::fs::write(
        &file,
        "{% extends \"base.md.tera\" %}{% block body %}Báo cáo {{ kind }}: {{ so_lieu.da_dai_hoi | fraction }} chi bộ, đạt {{ so_lieu.da_dai_hoi | percent }}. {.center}\n\n![Ảnh](anh.png \"Ảnh minh họa\"){width=50}\n{% endblock body %}",
    )
    .unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/anh-mau.png"),
        dir.path().join("anh.png"),
    )
    .unwrap();
    let data = sample();
    let d = Engine::with_file(&file, None)
        .unwrap()
        .render_town(&data, &stats::derive(&data))
        .unwrap();
    match &d.blocks[0] {
        Block::Paragraph(p) => {
            assert_eq!(
                plain_text(&p.content),
                "Báo cáo town: 162/162 chi bộ, đạt 100%."
            );
            assert_eq!(p.align, Some(baocao::document::Align::Center));
        }
        b => panic!("{b:?}"),
    }
    match &d.blocks[1] {
        Block::Image(img) => {
            assert_eq!(
                (img.file.width_px(), img.file.height_px(), img.width_mm),
                (160, 100, Some(50.0))
            );
            assert_eq!(plain_text(&img.caption), "Ảnh minh họa");
        }
        b => panic!("{b:?}"),
    }
}

fn user_error(name: &str, text: &str) -> TemplateError {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let data = sample();
    match Engine::with_file(&file, None) {
        Err(e) => e,
        Ok(e) => e.render_town(&data, &stats::derive(&data)).unwrap_err(),
    }
}

fn located(e: &TemplateError) -> (TemplateErrorKind, &str, usize, usize) {
    match e {
        TemplateError::Template {
            kind,
            template,
            line,
            column,
            ..
        } => (*kind, template.as_str(), *line, *column),
        other => panic!("not a located template error: {other:?}"),
    }
}

#[test]
fn syntax_error_names_template_line_column() {
    let e = user_error(
        "loi-cu-phap.md.tera",
        "{% extends \"base.md.tera\" %}\n{% block body %}\nDòng hai\n{% if so_lieu.so_chi_bo > %}x{% endif %}\n{% endblock body %}\n",
    );
    let (kind, tpl, line, _col) = located(&e);
    assert_eq!(kind, TemplateErrorKind::Syntax);
    assert_eq!(tpl, "loi-cu-phap.md.tera");
    assert_eq!(line, 4);
    assert!(e.to_string().starts_with("loi-cu-phap.md.tera:4:"), "{e}");
}

#[test]
fn undefined_variable_names_template_line_column() {
    let e = user_error(
        "loi-bien.md.tera",
        "{% extends \"base.md.tera\" %}\n{% block body %}\nCó {{ so_lieu.so_chi_bo }} chi bộ và\n   {{ khong_co_bien }} đảng viên.\n{% endblock body %}\n",
    );
    let (kind, tpl, line, col) = located(&e);
    assert_eq!(kind, TemplateErrorKind::Render);
    assert_eq!(tpl, "loi-bien.md.tera");
    assert_eq!(line, 4);
    assert_eq!(col, 7);
    assert!(e.to_string().starts_with("loi-bien.md.tera:4:7:"), "{e}");
}

#[test]
fn bad_filter_argument_names_template_line_column() {
    let e = user_error(
        "loi-loc.md.tera",
        "{% extends \"base.md.tera\" %}\n{% block body %}\n\nĐạt {{ so_lieu.da_dai_hoi | percent(decimals=\"hai\") }}.\n{% endblock body %}\n",
    );
    let (kind, tpl, line, _) = located(&e);
    assert_eq!(kind, TemplateErrorKind::Render);
    assert_eq!(tpl, "loi-loc.md.tera");
    assert_eq!(line, 4);
    let e = user_error(
        "loi-loc2.md.tera",
        "{% extends \"base.md.tera\" %}\n{% block body %}\n{{ dang_bo.ten | date_line }}\n{% endblock body %}\n",
    );
    let (_, _, line, _) = located(&e);
    assert_eq!(line, 3);
    assert!(e.to_string().contains("date_line"), "{e}");
}

#[test]
fn error_in_a_built_in_block_names_the_built_in_template() {
    // A user override that breaks: the error points into the user's file
    // even though rendering started from the built-in layout.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bao-cao-thi-xa.md.tera",
        "{% extends \"thi-xa.md.tera\" %}\n{% block nhiem_vu %}\n# V- NHIỆM VỤ\n\n{{ 5 | roman(x=1) }}{{ 0 | roman }}\n{% endblock nhiem_vu %}\n",
    );
    let data = sample();
    let e = Engine::with_dir(dir.path())
        .unwrap()
        .render_town(&data, &stats::derive(&data))
        .unwrap_err();
    let (kind, tpl, line, _) = located(&e);
    assert_eq!(
        (kind, tpl, line),
        (TemplateErrorKind::Render, "bao-cao-thi-xa.md.tera", 5)
    );
}

#[test]
fn markup_errors_name_template_and_line() {
    let e = user_error(
        "loi-markup.md.tera",
        "{% extends \"base.md.tera\" %}\n{% block body %}\nĐoạn một.\n\nCó <span>thẻ lạ</span>.\n{% endblock body %}\n",
    );
    // Located in the template's own text (line 5, column 4), not in the
    // rendered markup (line 23).
    match &e {
        TemplateError::MarkupAt(m) => {
            assert_eq!(m.origin, "loi-markup.md.tera:5:4");
            assert!(m.message.contains("<span>"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    let e = user_error(
        "anh-thieu.md.tera",
        "{% extends \"base.md.tera\" %}\n{% block body %}\n![x](khong-co.png)\n{% endblock body %}\n",
    );
    assert!(e.to_string().contains("khong-co.png"), "{e}");
}

#[test]
fn bad_settings_and_missing_dir_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "settings.yaml", "body: { sise: 13 }\n");
    let e = Engine::with_dir(dir.path()).err().unwrap();
    assert!(e.to_string().contains("sise"), "{e}");
    let e = Engine::with_dir(&dir.path().join("khong-co"))
        .err()
        .unwrap();
    assert!(e.to_string().contains("khong-co"), "{e}");
}

#[test]
fn super_keeps_the_built_in_block() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("them.md.tera");
    std::fs::write(
        &file,
        "{% extends \"thi-xa.md.tera\" %}\n{% block dac_diem %}\n{{ super() }}\nĐoạn thêm.\n{% endblock dac_diem %}\n",
    )
    .unwrap();
    let data = sample();
    let d = Engine::with_file(&file, None)
        .unwrap()
        .render_town(&data, &stats::derive(&data))
        .unwrap();
    let t = texts(&d);
    let i = t.iter().position(|x| x == "I- ĐẶC ĐIỂM TÌNH HÌNH").unwrap();
    assert!(t[i + 1].contains("4.283 đảng viên"));
    assert_eq!(t[i + 3], "Đoạn thêm.");
    assert_eq!(
        t[i + 4],
        "II- CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO VÀ CHUẨN BỊ ĐẠI HỘI"
    );
    assert_eq!(d.footnotes.len(), 3);
}
