//! A commit counter on stderr for long walks on a terminal; hooks, pipes and CI logs never
//! see it.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use crate::range::Progress;

pub struct Counter {
    enabled: bool,
    started: Instant,
    last: Instant,
    shown: bool,
}

impl Counter {
    /// Waits this long before showing anything: short walks stay silent.
    const DELAY: Duration = Duration::from_millis(300);
    const EVERY: Duration = Duration::from_millis(100);

    /// A counter that shows only when stderr is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> Counter {
        let now = Instant::now();
        Counter {
            enabled: !quiet && std::io::stderr().is_terminal(),
            started: now,
            last: now,
            shown: false,
        }
    }

    pub fn update(&mut self, progress: Progress) {
        match progress {
            Progress::Read(n) => self.tick(n),
            // Findings are the report's; the caller clears the line before it prints one.
            Progress::Found(_) => {}
            Progress::Done => self.done(),
        }
    }

    fn tick(&mut self, n: usize) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if now.duration_since(self.started) < Self::DELAY
            || now.duration_since(self.last) < Self::EVERY
        {
            return;
        }
        self.last = now;
        self.shown = true;
        let _ = write!(std::io::stderr(), "\rplanlint: {n} commits read");
    }

    /// Takes the counter's line off the terminal, so what is printed next starts clean.
    pub fn clear(&mut self) {
        self.done();
    }

    fn done(&mut self) {
        if self.shown {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
            self.shown = false;
        }
    }
}
