//! Stats stage: derived figures and consistency checks. (issue #2)
