//! How the C library's allocator holds memory for the program.
//!
//! glibc gives each thread that allocates an arena of its own and keeps
//! what is freed in it for reuse; and once a large block is freed it raises
//! the size from which blocks are mapped apart, so that later large blocks
//! land in the heap and leave holes it cannot give back. A tab's first load
//! runs on a thread of its own and reads a few megabytes it then drops: at
//! a province each load left its arena that much larger, and the full-screen
//! program stood at 183 MiB after visiting every tab for some 110 MiB in use.
//! One arena and a fixed threshold keep the resident size near what is in
//! use; the full-screen program's few threads do not contend for the one
//! arena. A report does: its parts read side by side, each allocating for
//! every record it decodes, and in one arena they wait on its lock.

/// Tells the allocator to keep to one arena and to map every block of
/// 128 KiB or more apart (given back to the system when freed).
pub fn keep_small() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; it may be called at
    // any time, from any thread, and allocations made before keep working.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Lets up to `n` of a command's threads that allocate heavily side by
/// side take an arena of their own again: for a one-shot command, whose
/// memory is given back when it ends. A report's parts take 8; `gen`'s two
/// threads, one making records and one writing them, take 2 (with 8, the
/// short-lived threads of each commit spread a province's memory over more
/// arenas: a peak of 1.2 GB against 0.96 GB, for the same time).
pub fn arenas(n: i32) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: as in `keep_small`; threads started after it take the new
    // limit when they first allocate.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, n);
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = n;
}
