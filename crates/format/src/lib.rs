//! The formatter of Stroom: one canonical layout for `.policy` and `.tests` files, that keeps
//! every comment where it was and every text's value as it was.
//!
//! The syntax tree has no comments, so the formatter does not print the tree. It checks that
//! the file parses, splits it into a lossless stream of tokens ([`token`]), gives each token
//! the part it plays in the grammar ([`role`]), and prints the tokens again with the layout
//! rules of [`layout`], splitting strings too long for their line ([`split`]). Every token,
//! comments included, is printed exactly once and in its order, so nothing can be lost;
//! `docs/format.md` describes the layout and what it guarantees.

mod layout;
mod role;
mod split;
mod token;

#[cfg(test)]
mod meaning;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

pub use stroom_syntax::SyntaxError;

/// The byte-order mark a file may start with.
const BYTE_ORDER_MARK: char = '\u{feff}';

/// Formats the text of a policy or tests file in the canonical layout.
///
/// A file that does not parse is refused with its syntax errors, as
/// [`stroom_syntax::parse`] reports them. Otherwise the result keeps every comment, in its
/// place and order, and means the same: its names, texts and structure are those of
/// `source`. Line breaks come out as line feeds, also where `source` has carriage returns
/// before them; a byte-order mark at the start is kept; and the result ends with exactly one
/// line break, unless it is empty. Formatting the result again gives it back unchanged.
pub fn format(source: &str) -> Result<String, Vec<SyntaxError>> {
    stroom_syntax::parse(source)?;

    let (mark, body) = match source.strip_prefix(BYTE_ORDER_MARK) {
        Some(body) => (Some(BYTE_ORDER_MARK), body),
        None => (None, source),
    };
    // A carriage return cannot stand inside a string, so outside comments it is white space,
    // and inside a block comment a line break that Windows wrote is still a line break.
    let body = body.replace("\r\n", "\n");

    let tokens = token::tokens(&body);
    let roles = role::roles(&tokens);
    let printed = layout::print(&tokens, &roles);

    Ok(mark.into_iter().chain(printed.chars()).collect())
}
