//! Settings of the C allocator, chosen per command before it starts any thread.
//!
//! glibc's malloc gives each allocating thread an arena (up to eight per core) and grows the
//! threshold above which a block gets its own mapping each time such a block is freed. Both
//! keep freed memory in the process. Over a 20,000-commit history the walk's six or so threads
//! kept the peak between 60 and 71 MB for a live heap of 23 MB (BENCHMARKS.md, peak memory).
//! A fixed threshold returns large blocks at once; one arena, for the commands that walk
//! history, holds the peak at 58-60 MB run after run, and costs those commands about a tenth of
//! their time. Elsewhere one arena would make threads queue on its lock: `planlint plans` went
//! from 128 to 186 ms, and a messages-only walk (24 MB at peak) from 82 to 90 ms, so those keep
//! glibc's arenas.

/// Tunes the allocator; `walks_history` for the commands that walk a range of commits and
/// keep what they find in each.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune(walks_history: bool) {
    // SAFETY: mallopt only sets tuning parameters of glibc's allocator, and is called before
    // the process starts a second thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
        if walks_history {
            libc::mallopt(libc::M_ARENA_MAX, 1);
        }
    }
}

/// Other platforms' allocators are left as they are.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune(_walks_history: bool) {}
