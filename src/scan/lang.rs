//! Which language a file is in (by extension, file name or shebang) and the lexical syntax of
//! each. Languages that share a syntax share the [`Syntax`] value: the lexer is one, the
//! parameters differ.

use super::lexer::{Chars, Esc, Hash, Heredoc, Quote, Raw, Syntax, CSS, JS};

/// A language family the scanner knows. JavaScript covers TypeScript, JSX and TSX; C++ covers
/// its headers; `Markup` covers HTML, Vue and Svelte (their scripts are lexed as JavaScript).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Rust,
    Js,
    Python,
    Go,
    Java,
    Kotlin,
    Swift,
    C,
    Cpp,
    CSharp,
    Ruby,
    Php,
    Shell,
    Dart,
    Scala,
    Lua,
    Sql,
    Yaml,
    Toml,
    Markup,
    Css,
}

impl Lang {
    pub const ALL: [Lang; 21] = [
        Lang::Rust,
        Lang::Js,
        Lang::Python,
        Lang::Go,
        Lang::Java,
        Lang::Kotlin,
        Lang::Swift,
        Lang::C,
        Lang::Cpp,
        Lang::CSharp,
        Lang::Ruby,
        Lang::Php,
        Lang::Shell,
        Lang::Dart,
        Lang::Scala,
        Lang::Lua,
        Lang::Sql,
        Lang::Yaml,
        Lang::Toml,
        Lang::Markup,
        Lang::Css,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        match self {
            Lang::Rust => "Rust",
            Lang::Js => "JavaScript/TypeScript",
            Lang::Python => "Python",
            Lang::Go => "Go",
            Lang::Java => "Java",
            Lang::Kotlin => "Kotlin",
            Lang::Swift => "Swift",
            Lang::C => "C",
            Lang::Cpp => "C++",
            Lang::CSharp => "C#",
            Lang::Ruby => "Ruby",
            Lang::Php => "PHP",
            Lang::Shell => "shell",
            Lang::Dart => "Dart",
            Lang::Scala => "Scala",
            Lang::Lua => "Lua",
            Lang::Sql => "SQL",
            Lang::Yaml => "YAML",
            Lang::Toml => "TOML",
            Lang::Markup => "HTML/Vue/Svelte",
            Lang::Css => "CSS",
        }
    }

    /// The file extensions of this language (lower case, without the dot).
    pub fn extensions(self) -> impl Iterator<Item = &'static str> {
        EXTENSIONS
            .iter()
            .filter(move |(_, l)| *l == self)
            .map(|(e, _)| *e)
    }

    /// The language of a path by its extension or file name.
    pub fn from_path(path: &str) -> Option<Lang> {
        let name = path.rsplit('/').next().unwrap_or(path);
        if let Some((_, lang)) = FILE_NAMES.iter().find(|(n, _)| *n == name) {
            return Some(*lang);
        }
        let (_, ext) = name.rsplit_once('.')?;
        if ext.len() > 8 {
            return None;
        }
        let ext = ext.to_ascii_lowercase();
        EXTENSIONS
            .iter()
            .find(|(e, _)| *e == ext)
            .map(|(_, lang)| *lang)
    }

    /// Whether the path has no extension, so only a shebang can tell its language.
    pub fn needs_shebang(path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        !name.contains('.') && Lang::from_path(path).is_none()
    }

    /// The language named by a `#!` line, e.g. `#!/usr/bin/env python3`.
    pub fn from_shebang(head: &[u8]) -> Option<Lang> {
        let rest = head.strip_prefix(b"#!")?;
        let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
        let line = std::str::from_utf8(line).ok()?;
        let mut words = line.split_whitespace();
        let mut prog = words.next()?.rsplit('/').next()?;
        if prog == "env" {
            prog = words.find(|w| !w.starts_with('-'))?;
        }
        let prog = prog.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        Some(match prog {
            "sh" | "bash" | "zsh" | "ksh" | "dash" | "ash" | "bats" => Lang::Shell,
            "python" | "pypy" => Lang::Python,
            "node" | "nodejs" | "deno" | "bun" | "ts-node" | "tsx" => Lang::Js,
            "ruby" => Lang::Ruby,
            "php" => Lang::Php,
            "lua" | "luajit" => Lang::Lua,
            "perl" => return None,
            _ => return None,
        })
    }

    /// The language of a file: by path, else by shebang in its first bytes.
    pub fn detect(path: &str, head: &[u8]) -> Option<Lang> {
        Lang::from_path(path).or_else(|| {
            if Lang::needs_shebang(path) {
                Lang::from_shebang(head)
            } else {
                None
            }
        })
    }

    pub fn syntax(self) -> &'static Syntax {
        match self {
            Lang::Rust => &RUST,
            Lang::Js => &JS,
            Lang::Python => &PYTHON,
            Lang::Go => &GO,
            Lang::Java | Lang::Scala => &JVM,
            Lang::Kotlin => &KOTLIN,
            Lang::Swift => &SWIFT,
            Lang::C => &C,
            Lang::Cpp => &CPP,
            Lang::CSharp => &CSHARP,
            Lang::Ruby => &RUBY,
            Lang::Php => &PHP,
            Lang::Shell => &SHELL,
            Lang::Dart => &DART,
            Lang::Lua => &LUA,
            Lang::Sql => &SQL,
            Lang::Yaml => &YAML,
            Lang::Toml => &TOML,
            Lang::Markup => &MARKUP,
            Lang::Css => &CSS,
        }
    }
}

const EXTENSIONS: &[(&str, Lang)] = &[
    ("rs", Lang::Rust),
    ("js", Lang::Js),
    ("mjs", Lang::Js),
    ("cjs", Lang::Js),
    ("jsx", Lang::Js),
    ("ts", Lang::Js),
    ("mts", Lang::Js),
    ("cts", Lang::Js),
    ("tsx", Lang::Js),
    ("py", Lang::Python),
    ("pyw", Lang::Python),
    ("pyi", Lang::Python),
    ("go", Lang::Go),
    ("java", Lang::Java),
    ("kt", Lang::Kotlin),
    ("kts", Lang::Kotlin),
    ("swift", Lang::Swift),
    ("c", Lang::C),
    ("h", Lang::C),
    ("cc", Lang::Cpp),
    ("cpp", Lang::Cpp),
    ("cxx", Lang::Cpp),
    ("c++", Lang::Cpp),
    ("hh", Lang::Cpp),
    ("hpp", Lang::Cpp),
    ("hxx", Lang::Cpp),
    ("ipp", Lang::Cpp),
    ("cs", Lang::CSharp),
    ("rb", Lang::Ruby),
    ("rake", Lang::Ruby),
    ("gemspec", Lang::Ruby),
    ("php", Lang::Php),
    ("phtml", Lang::Php),
    ("sh", Lang::Shell),
    ("bash", Lang::Shell),
    ("zsh", Lang::Shell),
    ("ksh", Lang::Shell),
    ("bats", Lang::Shell),
    ("dart", Lang::Dart),
    ("scala", Lang::Scala),
    ("sc", Lang::Scala),
    ("lua", Lang::Lua),
    ("sql", Lang::Sql),
    ("yml", Lang::Yaml),
    ("yaml", Lang::Yaml),
    ("toml", Lang::Toml),
    ("html", Lang::Markup),
    ("htm", Lang::Markup),
    ("xhtml", Lang::Markup),
    ("vue", Lang::Markup),
    ("svelte", Lang::Markup),
    ("css", Lang::Css),
    ("scss", Lang::Css),
];

const FILE_NAMES: &[(&str, Lang)] = &[
    ("Rakefile", Lang::Ruby),
    ("Gemfile", Lang::Ruby),
    ("Podfile", Lang::Ruby),
    ("Vagrantfile", Lang::Ruby),
    (".bashrc", Lang::Shell),
    (".zshrc", Lang::Shell),
    (".profile", Lang::Shell),
];

const SLASH: &[&[u8]] = &[b"//"];
const C_BLOCK: Option<(&[u8], &[u8])> = Some((b"/*", b"*/"));
const DQ: Quote = Quote::new("\"", Esc::Backslash, false);
const DQ_MULTI: Quote = Quote::new("\"", Esc::Backslash, true);
const SQ: Quote = Quote::new("'", Esc::Backslash, false);
const SQ_MULTI: Quote = Quote::new("'", Esc::Backslash, true);
const TRIPLE_DQ: Quote = Quote::new("\"\"\"", Esc::Backslash, true);
const TRIPLE_SQ: Quote = Quote::new("'''", Esc::Backslash, true);

const RUST: Syntax = Syntax {
    line: SLASH,
    block: C_BLOCK,
    nested: true,
    quotes: &[DQ_MULTI],
    chars: Chars::Rust,
    raw: Raw::Rust,
    ..Syntax::BASE
};

const PYTHON: Syntax = Syntax {
    hash: Hash::Always,
    quotes: &[TRIPLE_DQ, TRIPLE_SQ, DQ, SQ],
    ..Syntax::BASE
};

const GO: Syntax = Syntax {
    line: SLASH,
    block: C_BLOCK,
    quotes: &[DQ, Quote::new("`", Esc::Raw, true)],
    chars: Chars::C,
    ..Syntax::BASE
};

/// Java and Scala: text blocks / triple-quoted strings, char literals, flat block comments
/// (Scala nests them, which only matters for comments holding `/*`). The syntaxes are
/// constants so that one can be written as another with a difference (Kotlin, C++).
const JVM: Syntax = Syntax {
    line: SLASH,
    block: C_BLOCK,
    quotes: &[Quote::new("\"\"\"", Esc::Raw, true), DQ],
    chars: Chars::C,
    ..Syntax::BASE
};

const KOTLIN: Syntax = Syntax {
    nested: true,
    ..JVM
};

const SWIFT: Syntax = Syntax {
    line: SLASH,
    block: C_BLOCK,
    nested: true,
    quotes: &[TRIPLE_DQ, DQ],
    raw: Raw::Swift,
    ..Syntax::BASE
};

const C: Syntax = Syntax {
    line: SLASH,
    block: C_BLOCK,
    quotes: &[DQ],
    chars: Chars::C,
    ..Syntax::BASE
};

const CPP: Syntax = Syntax { raw: Raw::Cpp, ..C };

const CSHARP: Syntax = Syntax {
    line: SLASH,
    block: C_BLOCK,
    quotes: &[Quote::new("\"\"\"", Esc::Raw, true), DQ],
    chars: Chars::C,
    raw: Raw::CSharp,
    ..Syntax::BASE
};

const RUBY: Syntax = Syntax {
    hash: Hash::Always,
    quotes: &[DQ_MULTI, SQ_MULTI],
    heredoc: Heredoc::Ruby,
    ruby_begin: true,
    ..Syntax::BASE
};

const PHP: Syntax = Syntax {
    line: SLASH,
    hash: Hash::NotAttribute,
    block: C_BLOCK,
    quotes: &[DQ_MULTI, SQ_MULTI],
    heredoc: Heredoc::Php,
    ..Syntax::BASE
};

const SHELL: Syntax = Syntax {
    hash: Hash::WordStart,
    quotes: &[DQ_MULTI, Quote::new("'", Esc::Raw, true)],
    heredoc: Heredoc::Shell,
    ..Syntax::BASE
};

const DART: Syntax = Syntax {
    line: SLASH,
    block: C_BLOCK,
    nested: true,
    quotes: &[TRIPLE_DQ, TRIPLE_SQ, DQ, SQ],
    ..Syntax::BASE
};

const LUA: Syntax = Syntax {
    line: &[b"--"],
    quotes: &[DQ, SQ],
    lua_long: true,
    ..Syntax::BASE
};

const SQL: Syntax = Syntax {
    line: &[b"--"],
    block: C_BLOCK,
    quotes: &[
        Quote::new("'", Esc::Double, true),
        Quote::new("\"", Esc::Double, false),
    ],
    ..Syntax::BASE
};

const YAML: Syntax = Syntax {
    hash: Hash::AfterSpace,
    quotes: &[Quote::new("'", Esc::Double, false), DQ],
    scalar_quotes: true,
    ..Syntax::BASE
};

const TOML: Syntax = Syntax {
    hash: Hash::Always,
    quotes: &[
        TRIPLE_DQ,
        Quote::new("'''", Esc::Raw, true),
        DQ,
        Quote::new("'", Esc::Raw, false),
    ],
    ..Syntax::BASE
};

const MARKUP: Syntax = Syntax {
    markup: true,
    ..Syntax::BASE
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_extension_name_and_shebang() {
        assert_eq!(Lang::from_path("src/a.rs"), Some(Lang::Rust));
        assert_eq!(Lang::from_path("web/App.TSX"), Some(Lang::Js));
        assert_eq!(Lang::from_path("x/Rakefile"), Some(Lang::Ruby));
        assert_eq!(Lang::from_path("README.md"), None);
        assert_eq!(Lang::from_path("Makefile"), None);
        assert!(Lang::needs_shebang("bin/tool"));
        assert!(!Lang::needs_shebang("notes.txt"));
        assert_eq!(
            Lang::from_shebang(b"#!/usr/bin/env python3\nprint(1)"),
            Some(Lang::Python)
        );
        assert_eq!(
            Lang::from_shebang(b"#!/usr/bin/env -S node --flag\n"),
            Some(Lang::Js)
        );
        assert_eq!(Lang::from_shebang(b"#!/bin/bash -e\n"), Some(Lang::Shell));
        assert_eq!(Lang::from_shebang(b"#!/usr/bin/perl\n"), None);
        assert_eq!(Lang::detect("bin/run", b"#!/bin/sh\n"), Some(Lang::Shell));
        assert_eq!(Lang::detect("a.txt", b"#!/bin/sh\n"), None);
    }

    #[test]
    fn every_language_has_an_extension() {
        for lang in Lang::ALL {
            assert!(lang.extensions().next().is_some(), "{lang:?}");
            assert_eq!(Lang::ALL[lang.index()], lang);
        }
    }
}
