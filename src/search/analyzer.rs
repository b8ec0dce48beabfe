//! Text to terms. Both databases store what this module produces and never
//! analyse text themselves, so SQLite and PostgreSQL agree on every term.
//!
//! A word goes through:
//!
//! 1. **normalization** ([`normalize_word`]): NFKC (compatibility forms such as
//!    full-width letters and ligatures fold too), lower case, stress marks and
//!    every other combining mark dropped (FTS5's tokenizer would split on
//!    them), soft hyphens and zero-width characters dropped, apostrophes of
//!    every form joined into the word (`м'ясо`, `м’ясо`, `мʼясо`, `мясо`
//!    are one word), `ё` -> `е`, and Latin look-alikes inside a Cyrillic word
//!    (`гривнi` typed with a Latin `i`) made Cyrillic;
//! 2. **stemming** with Snowball: Latin words in English, Cyrillic words in
//!    the paragraph's language ([`detect`]). Forms the stemmers get wrong
//!    come from an exceptions map first, and two guards catch what they get
//!    wrong systematically: Ukrainian plurals in `-ти` read as infinitives,
//!    and nouns of either language cut to a few letters as if they were
//!    verbs (then only a case ending is removed);
//! 3. **folding** the stem: `і ї ы` -> `и`, `є э` -> `е`, `ґ` -> `г`, `ь ъ`
//!    dropped, then trailing vowels dropped. This is coarser than either
//!    language, on purpose: Ukrainian and Russian share most roots of the
//!    domain (`сертифікат`/`сертификат`, `вивести`/`вывести`, `ліміт`/`лимит`),
//!    people type Ukrainian on Russian keyboards (`гаманци`), and the two
//!    Snowball stemmers disagree on final vowels.
//!
//! Any change here changes stored terms: bump [`ANALYZER_VERSION`], which
//! makes the server re-index.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use serde::Serialize;
use snowball_stemmers_rs::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Version of everything that decides stored terms: normalization, stop
/// words, exceptions, the stemmer crate (pinned in `Cargo.toml`) and the
/// language detector. The index records the version it was built with and
/// is rebuilt when they differ.
pub const ANALYZER_VERSION: u32 = 1;

/// Longest term, in characters. Longer words (pasted hashes, runs of
/// letters) are cut; a cut term still matches the same cut query word.
pub const MAX_TERM_CHARS: usize = 40;

/// Language of a paragraph, deciding which stemmer sees its Cyrillic words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Uk,
    Ru,
    En,
}

/// A term and its word position in the analysed text. Stop words take a
/// position without a token, so distances between words stay true; a hyphen
/// compound (`e-mail`) adds the joined word at the position of its last part.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token {
    pub term: String,
    pub position: u32,
}

/// A word of the original text: where it is and how it reads normalized.
/// Snippets need the span; suggestions need the normalized form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range in the original text.
    pub span: Range<usize>,
    /// Normalized (see the module doc), not stemmed.
    pub text: String,
    pub script: Script,
    /// Set on the joined word of a hyphen compound.
    pub compound: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Cyrillic,
    Latin,
    /// Digits, other scripts, or a word mixing Cyrillic and Latin letters
    /// that are not look-alikes: left unstemmed.
    Other,
}

/// Terms of `text` with positions. Paragraphs (separated by a blank line) are
/// detected one by one, so a Russian alias inside a Ukrainian guide is
/// stemmed as Russian; `hint` decides a paragraph that detection cannot
/// (no letters specific to either language and too short for statistics).
pub fn analyze(text: &str, hint: Option<Lang>) -> Vec<Token> {
    analyze_words(text, hint).into_iter().map(|(_, token)| token).collect()
}

/// [`analyze`] with the word each token came from, for highlighting on the
/// original text.
pub fn analyze_words(text: &str, hint: Option<Lang>) -> Vec<(Word, Token)> {
    let mut out = Vec::new();
    let mut position = 0u32;
    for range in paragraphs(text) {
        let words = words_at(text, range);
        let lang = detect_words(&words).or(hint).unwrap_or(Lang::Uk);
        for word in words {
            if !word.compound {
                position = position.saturating_add(1);
            }
            if is_stop_word(&word.text) {
                continue;
            }
            let term = term(&word.text, word.script, lang);
            // A word of letters that folding drops (a lone `ь`/`ъ`, or a
            // modifier letter that NFKC turns into one) leaves no term.
            if term.is_empty() {
                continue;
            }
            out.push((word, Token { term, position }));
        }
    }
    out
}

/// The term a normalized word becomes in a paragraph of `lang`.
pub fn term(word: &str, script: Script, lang: Lang) -> String {
    if let Some(stem) = EXCEPTIONS.get(word) {
        return finish(stem, Script::Cyrillic);
    }
    let stemmed: Cow<'_, str> = match script {
        Script::Latin => STEMMERS.en.stem(word),
        Script::Cyrillic => match lang {
            Lang::Ru => guard_short(word, STEMMERS.ru.stem(word), RU_ENDINGS),
            Lang::Uk | Lang::En if is_noun_plural_in_ti(word) => Cow::Borrowed(light_stem(word, UK_ENDINGS)),
            Lang::Uk | Lang::En => guard_short(word, STEMMERS.uk.stem(word), UK_ENDINGS),
        },
        Script::Other => Cow::Borrowed(word),
    };
    finish(&stemmed, script)
}

/// Snowball's Ukrainian stemmer takes every final `-ти` for an infinitive,
/// so nouns in `-т` lose the `т` in the plural (`документи` -> `докумен`,
/// `кошти` -> `кош`) and no longer meet their singular. After a consonant
/// other than `с`/`з` (infinitives end in `-сти`/`-зти` there) or after
/// `о`/`е`, `-ти` is a plural ending.
fn is_noun_plural_in_ti(word: &str) -> bool {
    let mut rev = word.chars().rev();
    match (rev.next(), rev.next(), rev.next()) {
        (Some('и'), Some('т'), Some(before)) => {
            word.chars().count() >= 5
                && (matches!(before, 'о' | 'е') || (!is_vowel(before) && !matches!(before, 'с' | 'з' | 'ь')))
        }
        _ => false,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'а' | 'е' | 'є' | 'и' | 'і' | 'ї' | 'о' | 'у' | 'ю' | 'я' | 'ы' | 'э')
}

/// Both stemmers read some nouns as verbs and cut them to a few letters
/// (Ukrainian `оплати` -> `оп`, `товару` -> `тов`; Russian `кредит` ->
/// `кред`, `лимит` -> `лим`). A stem that short is more often wrong than
/// right; then only a noun case ending is removed.
fn guard_short<'a>(word: &'a str, stem: Cow<'a, str>, endings: &[&str]) -> Cow<'a, str> {
    let stem_chars = stem.chars().count();
    if stem_chars < 5 {
        let light = light_stem(word, endings);
        if light.chars().count() > stem_chars {
            return Cow::Borrowed(light);
        }
    }
    stem
}

/// The word without its longest matching case ending, keeping at least three
/// letters.
fn light_stem<'a>(word: &'a str, endings: &[&str]) -> &'a str {
    let chars = word.chars().count();
    endings
        .iter()
        .filter(|e| word.ends_with(**e) && chars >= e.chars().count() + 3)
        .max_by_key(|e| e.len())
        .map_or(word, |e| &word[..word.len() - e.len()])
}

const UK_ENDINGS: &[&str] = &[
    "ами", "ями", "ові", "еві", "ів", "їв", "ах", "ях", "ам", "ям", "ом", "ем", "єм", "ою", "ею", "єю", "у", "ю", "а",
    "я", "і", "ї", "и", "е", "о",
];

const RU_ENDINGS: &[&str] = &[
    "ами", "ями", "ов", "ев", "ей", "ам", "ям", "ах", "ях", "ом", "ем", "ой", "ою", "ую", "у", "ю", "а", "я", "ы", "и",
    "е", "о",
];

/// Folding and trimming of a stem (module doc, step 3), and the length cap.
fn finish(stem: &str, script: Script) -> String {
    let mut out = String::with_capacity(stem.len());
    if script == Script::Cyrillic {
        out.extend(stem.chars().filter_map(fold));
        let mut chars = out.chars().count();
        while chars > 3 && out.ends_with(['а', 'е', 'и', 'о', 'у', 'ю', 'я', 'й']) {
            out.pop();
            chars -= 1;
        }
    } else {
        out.push_str(stem);
    }
    if let Some((cut, _)) = out.char_indices().nth(MAX_TERM_CHARS) {
        out.truncate(cut);
    }
    match MERGES.get(out.as_str()) {
        Some(merged) => (*merged).to_owned(),
        None => out,
    }
}

/// Cross-language folding of one Cyrillic letter (module doc, step 3).
pub(crate) fn fold(c: char) -> Option<char> {
    match c {
        'і' | 'ї' | 'ы' => Some('и'),
        'є' | 'э' => Some('е'),
        'ґ' => Some('г'),
        'ь' | 'ъ' => None,
        c => Some(c),
    }
}

/// A normalized word folded but not stemmed: what a prefix query compares
/// with stored terms ("гаман" finds "гаманець").
pub fn prefix_form(word: &str) -> String {
    let mut out: String = word.chars().filter_map(fold).collect();
    if let Some((cut, _)) = out.char_indices().nth(MAX_TERM_CHARS) {
        out.truncate(cut);
    }
    out
}

/// Normalization of one word (module doc, step 1). The result may still
/// contain characters that are not letters or digits when NFKC expands to
/// punctuation (`½` -> `1⁄2`); [`words`] splits there.
pub fn normalize_word(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.nfkc() {
        if is_combining_mark(c) || is_invisible(c) || is_apostrophe(c) {
            continue;
        }
        for lower in c.to_lowercase() {
            out.push(match lower {
                'ё' | 'ѐ' => 'е',
                'ѝ' => 'и',
                other => other,
            });
        }
    }
    out
}

/// Normalized text: every word normalized, joined by single spaces. For
/// display and comparison; indexing goes through [`analyze`].
pub fn normalize(text: &str) -> String {
    words(text).into_iter().filter(|w| !w.compound).map(|w| w.text).collect::<Vec<_>>().join(" ")
}

/// The words of `text` in order, normalized, with their spans.
pub fn words(text: &str) -> Vec<Word> {
    words_at(text, 0..text.len())
}

fn words_at(text: &str, range: Range<usize>) -> Vec<Word> {
    let base = range.start;
    let slice = &text[range];
    let mut out: Vec<Word> = Vec::new();
    // The previous raw word, if it gave exactly one piece: (its index, end byte).
    let mut previous: Option<(usize, usize)> = None;
    for raw in raw_words(slice) {
        let start = base + raw.start;
        let end = base + raw.end;
        let normalized = normalize_word(&slice[raw.clone()]);
        let first = out.len();
        for piece in normalized.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
            let (text, script) = fix_script(piece);
            out.push(Word { span: start..end, text, script, compound: false });
        }
        if out.len() == first {
            previous = None;
            continue;
        }
        let single = out.len() - first == 1;
        if let Some((prev, prev_end)) = previous
            && single
            && is_single_hyphen(&text[prev_end..start])
        {
            let left = &out[prev];
            let right = &out[first];
            if left.script == right.script {
                let joined = Word {
                    span: left.span.start..right.span.end,
                    text: format!("{}{}", left.text, right.text),
                    script: left.script,
                    compound: true,
                };
                out.push(joined);
            }
        }
        previous = single.then_some((first, end));
    }
    out
}

fn is_single_hyphen(between: &str) -> bool {
    let mut chars = between.chars();
    matches!((chars.next(), chars.next()), (Some('-' | '\u{2010}' | '\u{2011}'), None))
}

/// Byte ranges of raw words: runs of letters, digits and marks, with
/// invisible characters and apostrophes between letters kept inside.
fn raw_words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inside = start.is_some();
        let word_char = c.is_alphanumeric()
            || (inside && (is_combining_mark(c) || is_invisible(c)))
            || (inside
                && is_apostrophe(c)
                && chars.peek().is_some_and(|&(_, next)| next.is_alphabetic())
                && text[..i].chars().next_back().is_some_and(char::is_alphabetic));
        if word_char {
            if start.is_none() {
                start = Some(i);
            }
            last_end = i + c.len_utf8();
        } else if let Some(s) = start.take() {
            out.push(s..last_end);
        }
    }
    if let Some(s) = start {
        out.push(s..last_end);
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}' | '`' | '\u{00B4}' | '\u{2032}')
}

/// Soft hyphen, zero-width space/joiners, word joiner, BOM: invisible in
/// the text, so they must not split or change a word.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Decides the script; inside a Cyrillic word, Latin look-alikes become
/// Cyrillic (people type `гривнi` with a Latin `i` on purpose and by mistake).
fn fix_script(word: &str) -> (String, Script) {
    let cyrillic = word.chars().filter(|c| is_cyrillic(*c)).count();
    let latin = word.chars().filter(|c| c.is_ascii_alphabetic() || is_latin_extended(*c)).count();
    match (cyrillic, latin) {
        (0, 0) => (word.to_owned(), Script::Other),
        (0, _) => (word.to_owned(), Script::Latin),
        (_, 0) => (word.to_owned(), Script::Cyrillic),
        _ => {
            let fixed: Option<String> = word
                .chars()
                .map(|c| if c.is_ascii_alphabetic() || is_latin_extended(c) { lookalike(c) } else { Some(c) })
                .collect();
            match fixed {
                Some(fixed) => (fixed, Script::Cyrillic),
                None => (word.to_owned(), Script::Other),
            }
        }
    }
}

fn lookalike(c: char) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'c' => 'с',
        'e' => 'е',
        'i' => 'і',
        'ï' => 'ї',
        'k' => 'к',
        'o' => 'о',
        'p' => 'р',
        'x' => 'х',
        'y' => 'у',
        _ => return None,
    })
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

fn is_latin_extended(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}') && c.is_alphabetic()
}

/// Byte ranges of paragraphs: text between blank lines.
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if offset > start {
                out.push(start..offset);
            }
            start = offset + line.len();
        }
        offset += line.len();
    }
    if text.len() > start {
        out.push(start..text.len());
    }
    out
}

/// Language of a paragraph. Letters only one of the languages has decide
/// (`і ї є ґ` Ukrainian, `ы э ъ ё` Russian); a mostly Latin paragraph is
/// English; otherwise a trigram detector between Ukrainian and Russian, which
/// may not know (`None`).
pub fn detect(text: &str) -> Option<Lang> {
    detect_words(&words(text))
}

fn detect_words(words: &[Word]) -> Option<Lang> {
    let (mut uk, mut ru, mut cyrillic, mut latin) = (0usize, 0usize, 0usize, 0usize);
    let mut raw = String::new();
    for word in words.iter().filter(|w| !w.compound) {
        match word.script {
            Script::Latin => latin += 1,
            Script::Cyrillic => {
                cyrillic += 1;
                for c in word.text.chars() {
                    match c {
                        'і' | 'ї' | 'є' | 'ґ' => uk += 1,
                        'ы' | 'э' | 'ъ' => ru += 1,
                        _ => {}
                    }
                }
                raw.push_str(&word.text);
                raw.push(' ');
            }
            Script::Other => {}
        }
    }
    if cyrillic == 0 {
        return (latin > 0).then_some(Lang::En);
    }
    if latin > cyrillic {
        return Some(Lang::En);
    }
    match uk.cmp(&ru) {
        std::cmp::Ordering::Greater => return Some(Lang::Uk),
        std::cmp::Ordering::Less => return Some(Lang::Ru),
        std::cmp::Ordering::Equal => {}
    }
    // Ukrainian text without і/ї/є/ґ is rare beyond a few words; statistics
    // on a handful of words are noise, so leave short text undecided.
    if cyrillic < 4 {
        return None;
    }
    match DETECTOR.detect_lang(&raw)? {
        whatlang::Lang::Ukr => Some(Lang::Uk),
        whatlang::Lang::Rus => Some(Lang::Ru),
        _ => None,
    }
}

static DETECTOR: LazyLock<whatlang::Detector> =
    LazyLock::new(|| whatlang::Detector::with_allowlist(vec![whatlang::Lang::Ukr, whatlang::Lang::Rus]));

struct Stemmers {
    uk: Stemmer,
    ru: Stemmer,
    en: Stemmer,
}

static STEMMERS: LazyLock<Stemmers> = LazyLock::new(|| Stemmers {
    uk: Stemmer::create(Algorithm::Ukrainian),
    ru: Stemmer::create(Algorithm::Russian),
    en: Stemmer::create(Algorithm::English),
});

/// Whether a normalized word carries no meaning for search in any of the
/// three languages. One list for all, so a query and a document agree
/// whatever language each was detected as.
pub fn is_stop_word(word: &str) -> bool {
    static SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    SET.contains(word)
}

/// Function words, and the question words and fillers readers wrap a
/// question in ("чому", "какой", "хочу", "можно"), which say nothing about
/// the subject and, being rare in guides, would otherwise weigh a lot.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "can",
    "do",
    "for",
    "from",
    "how",
    "i",
    "in",
    "is",
    "it",
    "my",
    "of",
    "on",
    "or",
    "the",
    "to",
    "was",
    "what",
    "with",
    "а",
    "або",
    "але",
    "б",
    "без",
    "би",
    "бо",
    "бы",
    "в",
    "вам",
    "вас",
    "ви",
    "від",
    "він",
    "во",
    "вот",
    "все",
    "вже",
    "вы",
    "где",
    "да",
    "де",
    "для",
    "до",
    "его",
    "ее",
    "если",
    "есть",
    "ж",
    "же",
    "з",
    "за",
    "зі",
    "и",
    "из",
    "или",
    "им",
    "их",
    "й",
    "к",
    "как",
    "ко",
    "когда",
    "коли",
    "кто",
    "ли",
    "мене",
    "мені",
    "меня",
    "мне",
    "ми",
    "мы",
    "на",
    "над",
    "нас",
    "не",
    "ни",
    "но",
    "о",
    "об",
    "он",
    "она",
    "они",
    "оно",
    "от",
    "по",
    "при",
    "про",
    "під",
    "с",
    "со",
    "та",
    "так",
    "там",
    "те",
    "то",
    "ты",
    "тут",
    "у",
    "уже",
    "хто",
    "це",
    "цей",
    "ці",
    "ця",
    "чи",
    "что",
    "чтобы",
    "чем",
    "що",
    "щоб",
    "это",
    "этот",
    "я",
    "як",
    "якщо",
    "є",
    "і",
    "із",
    "її",
    "їх",
    "чого",
    "чому",
    "чим",
    "навіщо",
    "куди",
    "який",
    "яка",
    "яке",
    "які",
    "якого",
    "якій",
    "хочу",
    "можна",
    "треба",
    "потрібно",
    "чего",
    "почему",
    "зачем",
    "какой",
    "какая",
    "какое",
    "какие",
    "каким",
    "куда",
    "кому",
    "можно",
    "надо",
    "нужно",
    "мой",
    "моя",
    "мои",
    "мій",
    "моя",
    "мої",
    "свій",
    "свой",
    "себе",
    "себя",
    "ещё",
    "еще",
    "ще",
];

/// Forms the pinned stemmers get wrong, mapped to the stem of the rest of
/// their family (folding and trimming apply afterwards). Keys are normalized
/// words; golden tests in this module show each family stemming to one term.
static EXCEPTIONS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let families: &[(&str, &[&str])] = &[
        // Fleeting vowels: the nominative keeps a vowel the other cases drop.
        ("гаманц", &["гаманець"]),
        ("рахунк", &["рахунок"]),
        ("застосунк", &["застосунок"]),
        ("додатк", &["додаток"]),
        ("кошельк", &["кошелек", "кошелёк"]),
        ("картк", &["карток"]),
        ("деньг", &["денег"]),
        ("платеж", &["платіж"]),
        ("продавц", &["продавець", "продавец"]),
        ("рівн", &["рівень"]),
        ("уровн", &["уровень"]),
        ("тижн", &["тиждень"]),
        // The Ukrainian stemmer cuts these one letter short.
        ("кошт", &["кошти"]),
        ("атестат", &["атестати"]),
        ("грош", &["гроші", "грошей", "грошима"]),
        ("персональн", &["персональний", "персональна", "персональне", "персональні", "персонального"]),
    ];
    let mut map = HashMap::new();
    for (stem, forms) in families {
        for form in *forms {
            map.insert(*form, *stem);
        }
    }
    map
});

/// Folded stems that belong to one family but that no rule joins: the
/// `і`/`о` alternation of Ukrainian (`вивід`/`виводу`) and verbs whose
/// infinitive stems differently from their nouns (`вивести`/`виведення`/
/// `вывод`).
static MERGES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let families: &[(&str, &[&str])] = &[
        ("вивод", &["вивид", "вивес", "вивед", "вивест", "виводит"]),
        ("перевод", &["перевес", "перевест", "перевид"]),
        ("вход", &["вхид"]),
        ("переказ", &["переказат"]),
    ];
    let mut map = HashMap::new();
    for (stem, forms) in families {
        for form in *forms {
            map.insert(*form, *stem);
        }
    }
    map
});

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str, lang: Lang) -> Vec<String> {
        analyze(text, Some(lang)).into_iter().map(|t| t.term).collect()
    }

    fn one(word: &str, lang: Lang) -> String {
        let t = terms(word, lang);
        assert_eq!(t.len(), 1, "{word} -> {t:?}");
        t.into_iter().next().expect("one term")
    }

    #[test]
    fn normalization() {
        assert_eq!(normalize_word("Гаманець"), "гаманець");
        assert_eq!(normalize_word("моло\u{301}ко"), "молоко");
        assert_eq!(normalize_word("пере\u{AD}каз"), "переказ");
        assert_eq!(normalize_word("Ёлка"), "елка");
        assert_eq!(normalize_word("е\u{308}лка"), "елка");
        assert_eq!(normalize_word("И\u{306}ОГА"), "йога");
        assert_eq!(normalize_word("ｇａｍａ"), "gama");
        assert_eq!(normalize("м'ясо м’ясо мʼясо мясо"), "мясо мясо мясо мясо");
        assert_eq!(normalize("гривнi"), "гривні");
        assert_eq!(normalize("  Прив'язка   КАРТКИ!! "), "привязка картки");
    }

    #[test]
    fn words_and_spans() {
        let text = "Зняти «гроші», e-mail: 2FA";
        let w = words(text);
        let texts: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["зняти", "гроші", "e", "mail", "email", "2fa"]);
        assert_eq!(&text[w[1].span.clone()], "гроші");
        assert_eq!(&text[w[4].span.clone()], "e-mail");
        assert!(w[4].compound);
        // An apostrophe at a word's edge is a quote, not part of the word.
        let q: Vec<String> = words("'гроші' д'Артаньян").into_iter().map(|w| w.text).collect();
        assert_eq!(q, ["гроші", "дартаньян"]);
    }

    #[test]
    fn positions_skip_stop_words() {
        let t = analyze("гроші на картку", Some(Lang::Uk));
        assert_eq!(t.iter().map(|t| t.position).collect::<Vec<_>>(), [1, 3]);
    }

    #[test]
    fn detection() {
        assert_eq!(detect("Як вивести гроші на картку"), Some(Lang::Uk));
        assert_eq!(detect("Как вывести деньги на карту"), Some(Lang::Ru));
        assert_eq!(detect("How do I withdraw money"), Some(Lang::En));
        assert_eq!(detect("забув пароль"), None);
        assert_eq!(detect("!!! 123"), None);
        assert_eq!(detect("Ось що робити, коли гроші не надходять протягом трьох днів"), Some(Lang::Uk));
        assert_eq!(
            detect("Когда деньги долго не приходят на карту, сначала проверьте статус операции"),
            Some(Lang::Ru)
        );
    }

    #[test]
    fn paragraphs_are_detected_separately() {
        let text = "Виведення коштів на картку.\n\nВывод средств на карту.";
        let t = analyze(text, None);
        assert_eq!(t.len(), 6);
        assert_eq!(t[0].term, t[3].term, "вивед/вывод share a term: {t:?}");
    }

    /// Inflected forms stem to one term, across Ukrainian and Russian where
    /// the root is shared.
    #[test]
    fn golden_families() {
        let families: &[(Lang, &[&str])] = &[
            (Lang::Uk, &["гаманець", "гаманця", "гаманцем", "гаманці", "гаманців", "гаманцю"]),
            (Lang::Uk, &["кошти", "коштів", "коштами", "коштам"]),
            (Lang::Uk, &["гроші", "грошей", "грошима"]),
            (Lang::Uk, &["картка", "картки", "карткою", "картку", "карток"]),
            (Lang::Uk, &["рахунок", "рахунку", "рахунки", "рахунків"]),
            (Lang::Uk, &["пароль", "пароля", "паролі", "паролем"]),
            (Lang::Uk, &["вивести", "виведення", "вивід", "виводу"]),
            (Lang::Ru, &["вывести", "вывод", "выводить", "вывода"]),
            (Lang::Uk, &["атестат", "атестата", "атестати", "атестатом"]),
            (Lang::Uk, &["комісія", "комісії", "комісію", "комісією"]),
            (Lang::Uk, &["застосунок", "застосунку", "застосунком"]),
            (Lang::Ru, &["кошелек", "кошелька", "кошельке", "кошельком"]),
            (Lang::Ru, &["деньги", "денег", "деньгами"]),
            (Lang::Uk, &["персональний", "персонального", "персональні"]),
            (Lang::Uk, &["платіж", "платежу", "платежі", "платежів"]),
            (Lang::Uk, &["документ", "документи", "документів", "документа"]),
            (Lang::Uk, &["товар", "товару", "товари", "товарів"]),
            (Lang::Uk, &["оплата", "оплати", "оплату", "оплатою"]),
            (Lang::Uk, &["кредит", "кредити", "кредитів", "кредиту"]),
            (Lang::Uk, &["ліміт", "ліміти", "лімітів", "ліміту"]),
            (Lang::Uk, &["запит", "запити", "запиту", "запитів"]),
            (Lang::Uk, &["скриншот", "скриншоти", "скриншотів"]),
            (Lang::Uk, &["сайт", "сайти", "сайту"]),
            (Lang::Uk, &["продавець", "продавця", "продавцем", "продавців"]),
            (Lang::Ru, &["продавец", "продавца", "продавцу", "продавцов"]),
            (Lang::Uk, &["рівень", "рівня", "рівнем", "рівні"]),
            (Lang::Ru, &["кредит", "кредита", "кредиты", "кредитов"]),
            (Lang::Ru, &["лимит", "лимита", "лимиты", "лимитов"]),
            (Lang::Ru, &["карта", "карты", "карту", "картой"]),
        ];
        let mut wrong = Vec::new();
        for (lang, forms) in families {
            let got: Vec<String> = forms.iter().map(|f| one(f, *lang)).collect();
            if got.iter().any(|t| *t != got[0]) {
                wrong.push(format!("{lang:?}: {:?}", forms.iter().zip(&got).collect::<Vec<_>>()));
            }
        }
        assert!(wrong.is_empty(), "families with more than one term:\n{}", wrong.join("\n"));
        // Shared roots meet across the two languages.
        let mut apart = Vec::new();
        for (uk, ru) in [
            ("вивести", "вывести"),
            ("сертифікат", "сертификат"),
            ("ліміт", "лимит"),
            ("пароль", "пароля"),
            ("арбітраж", "арбитраж"),
            ("гаманці", "гаманцы"),
            ("кредит", "кредит"),
            ("документи", "документы"),
        ] {
            let (a, b) = (one(uk, Lang::Uk), one(ru, Lang::Ru));
            if a != b {
                apart.push(format!("{uk} -> {a} / {ru} -> {b}"));
            }
        }
        assert!(apart.is_empty(), "{}", apart.join("\n"));
    }

    #[test]
    fn hostile_text_never_panics() {
        let long = "б".repeat(10_000);
        assert_eq!(one(&long, Lang::Uk).chars().count(), MAX_TERM_CHARS);
        for text in [
            "",
            "ꚜ:",
            "ь ъ Ъ",
            "\0",
            "\0гроші\0",
            "'''",
            "-",
            "---a---",
            "\u{301}\u{301}",
            "\u{FEFF}",
            "a\u{AD}",
            "½ ⅓ ①",
        ] {
            for token in analyze(text, None) {
                assert!(!token.term.is_empty());
                assert!(token.term.chars().all(char::is_alphanumeric), "{text:?} -> {token:?}");
            }
        }
    }
}
