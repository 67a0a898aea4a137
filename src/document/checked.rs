//! The settings a [`super::Document`] holds and the writers read: page
//! settings that passed the one validator ([`PageSettings::validate`]), with
//! the font set they name resolved. Made once per template set (the engine
//! holds one and every document of the set shares it), so no writer checks
//! settings or reads fonts again: a value no page can hold, or a font file
//! that cannot be used, is an error when the template set is loaded, naming
//! its settings file.

use std::ops::Deref;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

use super::settings::{PageSettings, SettingsError};
use crate::fonts::FontSet;

/// Validated page settings and their fonts. Cheap to clone (shared).
#[derive(Clone)]
pub struct Settings(Arc<Checked>);

struct Checked {
    page: PageSettings,
    fonts: Arc<FontSet>,
}

impl Settings {
    /// Check `page` and resolve its fonts (the family's four faces and the
    /// fallbacks, relative to `page.base_dir`).
    pub fn new(page: PageSettings) -> Result<Settings, SettingsError> {
        let file = match &page.base_dir {
            Some(d) => d.join("settings.yaml").display().to_string(),
            None => "settings.yaml".to_string(),
        };
        let err = |message: String| SettingsError {
            file: file.clone(),
            message,
        };
        page.validate().map_err(err)?;
        let fonts = FontSet::from_settings(&page.fonts, page.base_dir.as_deref())
            .map_err(|e| err(e.to_string()))?;
        Ok(Settings(Arc::new(Checked { page, fonts })))
    }

    /// A user's `settings.yaml` laid over the built-in settings
    /// ([`PageSettings::overlay`]), checked.
    pub fn overlay(text: &str, file: &Path) -> Result<Settings, SettingsError> {
        let page = PageSettings::overlay(text, file)?;
        Settings::new(page).map_err(|e| SettingsError {
            file: file.display().to_string(),
            message: e.message,
        })
    }

    /// The built-in settings (`templates/settings.yaml`), checked once per process.
    pub fn builtin() -> Settings {
        static BUILTIN: OnceLock<Settings> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                Settings::new(PageSettings::builtin())
                    .expect("the built-in settings are valid (tested)")
            })
            .clone()
    }

    /// These settings with `change` made to a copy, checked again.
    pub fn changed(
        &self,
        change: impl FnOnce(&mut PageSettings),
    ) -> Result<Settings, SettingsError> {
        let mut page = self.0.page.clone();
        change(&mut page);
        Settings::new(page)
    }

    /// The page settings.
    pub fn page(&self) -> &PageSettings {
        &self.0.page
    }

    /// The fonts the settings name, parsed once per process.
    pub fn fonts(&self) -> &Arc<FontSet> {
        &self.0.fonts
    }
}

impl Default for Settings {
    /// The built-in settings.
    fn default() -> Settings {
        Settings::builtin()
    }
}

impl Deref for Settings {
    type Target = PageSettings;
    fn deref(&self) -> &PageSettings {
        &self.0.page
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0.page, f)
    }
}

impl Serialize for Settings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.page.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_settings_are_checked_once_and_shared() {
        let a = Settings::builtin();
        let b = Settings::builtin();
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(*a, PageSettings::builtin());
        assert_eq!(a.fonts().family, "Liberation Serif");
    }

    #[test]
    fn values_no_page_can_hold_are_refused_with_the_file() {
        let mut p = PageSettings::builtin();
        p.body.size = f32::NAN;
        let e = Settings::new(p).unwrap_err().to_string();
        assert!(
            e.contains("settings.yaml") && e.contains("body.size"),
            "{e}"
        );
        let mut p = PageSettings::builtin();
        p.margins.left = 180.0;
        p.base_dir = Some("mau".into());
        let e = Settings::new(p).unwrap_err().to_string();
        // The path as the system writes it (mau\settings.yaml on Windows).
        let file = std::path::Path::new("mau").join("settings.yaml");
        assert!(
            e.contains(&file.display().to_string()) && e.contains("lề"),
            "{e}"
        );
        // Wide enough in millimetres, narrower than four letters of the body.
        let mut p = PageSettings::builtin();
        p.margins.left = 50.0;
        p.margins.right = 50.0;
        p.paper.width = 125.0;
        p.body.size = 60.0;
        p.body.line = 70.0;
        let e = Settings::new(p).unwrap_err().to_string();
        assert!(e.contains("lề"), "{e}");
    }

    #[test]
    fn a_font_that_cannot_be_used_is_refused_with_the_settings_file() {
        let mut p = PageSettings::builtin();
        p.fonts.fallback = vec!["khong-co.ttf".into()];
        p.base_dir = Some("mau-rieng".into());
        let e = Settings::new(p).unwrap_err().to_string();
        let file = std::path::Path::new("mau-rieng").join("settings.yaml");
        assert!(
            e.contains(&file.display().to_string()) && e.contains("khong-co.ttf"),
            "{e}"
        );
    }
}
