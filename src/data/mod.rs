//! Data stage: YAML -> typed model, NFC normalisation, validation. (issue #2)
