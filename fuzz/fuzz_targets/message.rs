//! The commit message parser and rules: any bytes git could hand a hook, in every comment mode,
//! give findings whose spans lie inside the message, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planlint::config::MessageConfig;
use planlint::message::clean::Comments;
use planlint::message::{lint, MessageContext};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = MessageConfig::default();
    for comments in [Comments::Keep, Comments::Strip("#".into()), Comments::Auto] {
        let cx = MessageContext::new(&config, None, comments).expect("default config is valid");
        for f in lint(text, &cx) {
            if let Some(span) = f.location.span {
                assert!(span.start <= span.end && span.end <= text.len(), "{f:?}");
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
        }
    }
});
