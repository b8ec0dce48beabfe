//! The message files are embedded by a macro that cannot tell cargo about
//! files added later: this makes a new `locales/<lang>/*.ftl` rebuild the crate.
fn main() {
    println!("cargo::rerun-if-changed=locales");
}
