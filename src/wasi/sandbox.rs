//! Path resolution confined to a directory descriptor.
//!
//! A guest path is resolved one component at a time, each one opened
//! relative to the directory reached so far with `O_NOFOLLOW`, so the host
//! never follows a symbolic link on the guest's behalf. Links are read and
//! spliced into the remaining path here instead, which lets every step be
//! checked:
//!
//! - an absolute path, or a link whose target is absolute, is `EPERM`;
//! - `..` from the base directory itself is `EPERM` (the base is the root
//!   of what the descriptor grants, however deep it sits on the host);
//! - more than [`MAX_LINK_EXPANSIONS`] links in one lookup is `ELOOP`.
//!
//! The result is a directory descriptor inside the sandbox and one final
//! name in it, never containing `/`; the caller performs its operation with
//! an `*at` call that does not follow a link at that name.

use super::sys;
use super::types::{Errno, WasiResult};
use std::collections::VecDeque;
use std::ffi::CString;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

/// Symbolic links followed in one lookup before giving up (as Linux does).
pub(crate) const MAX_LINK_EXPANSIONS: usize = 40;
/// The longest path accepted, in bytes (the host's `PATH_MAX`).
const MAX_PATH_LEN: usize = 4096;
/// The deepest directory nesting one lookup may descend through.
const MAX_DEPTH: usize = 1024;

/// Where a lookup ended: a directory (the base or one below it) and a name
/// in it.
pub(crate) struct Resolved<'a> {
    base: BorrowedFd<'a>,
    parent: Option<OwnedFd>,
    /// The final component: a plain name, or `.` for the directory itself.
    pub name: CString,
    /// The path ended in `/` (or in `.`/`..`): it must name a directory.
    pub must_be_dir: bool,
}

impl Resolved<'_> {
    /// The directory holding `name`.
    pub fn dir(&self) -> BorrowedFd<'_> {
        match &self.parent {
            Some(fd) => fd.as_fd(),
            None => self.base,
        }
    }

    /// Whether the path named the starting directory itself (`.`).
    pub fn is_self(&self) -> bool {
        self.name.as_bytes() == b"."
    }
}

/// Resolves `path` relative to the directory `base`. With `follow`, a
/// symbolic link in the final position is followed too (a trailing `/`
/// also asks for that).
pub(crate) fn resolve<'a>(base: BorrowedFd<'a>, path: &str, follow: bool) -> WasiResult<Resolved<'a>> {
    if path.is_empty() {
        return Err(Errno::NoEnt);
    }
    if path.len() > MAX_PATH_LEN {
        return Err(Errno::NameTooLong);
    }
    if path.starts_with('/') {
        return Err(Errno::Perm);
    }
    let mut trailing_slash = path.ends_with('/');
    let mut rest: VecDeque<String> = components(path).collect();
    let mut stack: Vec<OwnedFd> = Vec::new();
    let mut expansions = 0;

    // Splices the target of the link met at the current step in front of
    // what is left of the path.
    let mut expand = |target: Vec<u8>, rest: &mut VecDeque<String>, trailing: &mut bool| -> WasiResult<()> {
        expansions += 1;
        if expansions > MAX_LINK_EXPANSIONS {
            return Err(Errno::Loop);
        }
        let target = String::from_utf8(target).map_err(|_| Errno::Ilseq)?;
        if target.starts_with('/') {
            return Err(Errno::Perm);
        }
        if target.is_empty() {
            return Err(Errno::NoEnt);
        }
        if rest.is_empty() && target.ends_with('/') {
            *trailing = true;
        }
        for c in components(&target).rev() {
            rest.push_front(c);
        }
        Ok(())
    };

    let (name, must_be_dir) = loop {
        let current = stack.last().map_or(base, |fd| fd.as_fd());
        let Some(component) = rest.pop_front() else {
            // Only `.` and `..` steps: the path names a directory itself.
            break (".".to_string(), true);
        };
        let last = rest.is_empty();
        match component.as_str() {
            "." => {
                if last {
                    break (".".to_string(), true);
                }
            }
            ".." => {
                if stack.pop().is_none() {
                    return Err(Errno::Perm);
                }
                if last {
                    break (".".to_string(), true);
                }
            }
            name if last => {
                if follow || trailing_slash {
                    let c = sys::cname(name)?;
                    match sys::readlinkat(current, &c) {
                        Ok(target) => {
                            expand(target, &mut rest, &mut trailing_slash)?;
                            continue;
                        }
                        // Not a link (or not there): the name is final.
                        Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOENT)) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
                break (name.to_string(), trailing_slash);
            }
            name => {
                let c = sys::cname(name)?;
                match sys::openat(current, &c, sys::O_SEARCH_DIR | libc::O_NOFOLLOW, 0) {
                    Ok(fd) => {
                        if stack.len() >= MAX_DEPTH {
                            return Err(Errno::NameTooLong);
                        }
                        stack.push(fd);
                    }
                    // Either not a directory or a link: only reading it as
                    // a link tells which.
                    Err(e) if matches!(e.raw_os_error(), Some(libc::ENOTDIR | libc::ELOOP)) => {
                        match sys::readlinkat(current, &c) {
                            Ok(target) => expand(target, &mut rest, &mut trailing_slash)?,
                            Err(_) => return Err(Errno::NotDir),
                        }
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
    };
    Ok(Resolved { base, parent: stack.pop(), name: sys::cname(&name)?, must_be_dir })
}

/// The non-empty components of `path` (repeated `/` collapse).
fn components(path: &str) -> impl DoubleEndedIterator<Item = String> + '_ {
    path.split('/').filter(|c| !c.is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    struct Sandbox {
        root: std::path::PathBuf,
        dir: fs::File,
    }

    /// A scratch tree: `inner/` is the sandbox root, `outside` is next to it.
    fn sandbox(tag: &str) -> Sandbox {
        let top = std::env::temp_dir().join(format!("zwasm-sandbox-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&top);
        let root = top.join("inner");
        fs::create_dir_all(root.join("a/b")).unwrap();
        fs::write(root.join("a/file"), b"x").unwrap();
        fs::write(top.join("outside"), b"secret").unwrap();
        symlink("../outside", root.join("escape")).unwrap();
        symlink("/etc", root.join("absolute")).unwrap();
        symlink("a/b", root.join("to_b")).unwrap();
        symlink("../..", root.join("a/up2")).unwrap();
        symlink("b/../..", root.join("a/to_root")).unwrap();
        symlink("loop2", root.join("loop1")).unwrap();
        symlink("loop1", root.join("loop2")).unwrap();
        let dir = fs::File::open(&root).unwrap();
        Sandbox { root, dir }
    }

    impl Drop for Sandbox {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(self.root.parent().unwrap());
        }
    }

    fn lookup(s: &Sandbox, path: &str, follow: bool) -> WasiResult<(String, bool)> {
        let r = resolve(s.dir.as_fd(), path, follow)?;
        Ok((r.name.to_str().unwrap().to_string(), r.must_be_dir))
    }

    #[test]
    fn plain_and_dotted_paths_resolve_inside() {
        let s = sandbox("plain");
        assert_eq!(lookup(&s, "a/file", false), Ok(("file".into(), false)));
        assert_eq!(lookup(&s, "a/./b/../file", false), Ok(("file".into(), false)));
        assert_eq!(lookup(&s, "a//b/", false), Ok(("b".into(), true)));
        assert_eq!(lookup(&s, ".", false), Ok((".".into(), true)));
        assert_eq!(lookup(&s, "a/..", false), Ok((".".into(), true)));
        assert_eq!(lookup(&s, "to_b/..", false).map(|r| r.0), Ok(".".into()));
    }

    #[test]
    fn escapes_are_refused() {
        let s = sandbox("escape");
        assert_eq!(lookup(&s, "..", false), Err(Errno::Perm));
        assert_eq!(lookup(&s, "a/../..", false), Err(Errno::Perm));
        assert_eq!(lookup(&s, "a/../../inner/a", false), Err(Errno::Perm));
        assert_eq!(lookup(&s, "/etc/passwd", false), Err(Errno::Perm));
        assert_eq!(lookup(&s, "escape", true), Err(Errno::Perm));
        assert_eq!(lookup(&s, "absolute", true), Err(Errno::Perm));
        assert_eq!(lookup(&s, "absolute/passwd", false), Err(Errno::Perm));
        assert_eq!(lookup(&s, "a/up2/inner", false), Err(Errno::Perm));
        assert_eq!(lookup(&s, "a/up2", true), Err(Errno::Perm));
        // A link that climbs back to the root but not above it is fine.
        assert_eq!(lookup(&s, "a/to_root/a/file", false), Ok(("file".into(), false)));
    }

    #[test]
    fn links_inside_are_followed_only_when_asked() {
        let s = sandbox("links");
        // Without follow the link itself is the final name.
        assert_eq!(lookup(&s, "escape", false), Ok(("escape".into(), false)));
        assert_eq!(lookup(&s, "to_b", true), Ok(("b".into(), false)));
        assert_eq!(lookup(&s, "to_b/", false), Ok(("b".into(), true)));
        assert_eq!(lookup(&s, "to_b/x", false), Ok(("x".into(), false)));
        assert_eq!(lookup(&s, "loop1", true), Err(Errno::Loop));
        assert_eq!(lookup(&s, "loop1/x", false), Err(Errno::Loop));
    }

    #[test]
    fn bad_paths_get_their_errors() {
        let s = sandbox("bad");
        assert_eq!(lookup(&s, "", false), Err(Errno::NoEnt));
        assert_eq!(lookup(&s, "missing/x", false), Err(Errno::NoEnt));
        assert_eq!(lookup(&s, "a/file/x", false), Err(Errno::NotDir));
        assert_eq!(lookup(&s, &"a/".repeat(3000), false), Err(Errno::NameTooLong));
    }
}
