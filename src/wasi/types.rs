//! The numbers of WASI Preview 1: error codes, rights, flags, file types and
//! the byte layouts of the records guests pass by pointer, as the
//! `wasi_snapshot_preview1` witx definitions fix them.

use std::io;

/// A WASI error code. The discriminants are the wire values.
#[allow(dead_code, reason = "every code of the specification is listed, not all are produced")]
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum Errno {
    Success = 0,
    TooBig = 1,
    Acces = 2,
    AddrInUse = 3,
    AddrNotAvail = 4,
    AfNoSupport = 5,
    Again = 6,
    Already = 7,
    Badf = 8,
    BadMsg = 9,
    Busy = 10,
    Canceled = 11,
    Child = 12,
    ConnAborted = 13,
    ConnRefused = 14,
    ConnReset = 15,
    Deadlk = 16,
    DestAddrReq = 17,
    Dom = 18,
    Dquot = 19,
    Exist = 20,
    Fault = 21,
    Fbig = 22,
    HostUnreach = 23,
    Idrm = 24,
    Ilseq = 25,
    InProgress = 26,
    Intr = 27,
    Inval = 28,
    Io = 29,
    IsConn = 30,
    IsDir = 31,
    Loop = 32,
    Mfile = 33,
    Mlink = 34,
    MsgSize = 35,
    Multihop = 36,
    NameTooLong = 37,
    NetDown = 38,
    NetReset = 39,
    NetUnreach = 40,
    Nfile = 41,
    NoBufs = 42,
    NoDev = 43,
    NoEnt = 44,
    NoExec = 45,
    NoLck = 46,
    NoLink = 47,
    NoMem = 48,
    NoMsg = 49,
    NoProtoOpt = 50,
    NoSpc = 51,
    NoSys = 52,
    NotConn = 53,
    NotDir = 54,
    NotEmpty = 55,
    NotRecoverable = 56,
    NotSock = 57,
    NotSup = 58,
    NoTty = 59,
    Nxio = 60,
    Overflow = 61,
    OwnerDead = 62,
    Perm = 63,
    Pipe = 64,
    Proto = 65,
    ProtoNoSupport = 66,
    ProtoType = 67,
    Range = 68,
    Rofs = 69,
    Spipe = 70,
    Srch = 71,
    Stale = 72,
    TimedOut = 73,
    TxtBsy = 74,
    Xdev = 75,
    NotCapable = 76,
}

impl Errno {
    /// The code of a host `errno` value; codes WASI has no name for become
    /// `Io`.
    pub fn from_raw_os_error(code: i32) -> Errno {
        use Errno::*;
        match code {
            libc::E2BIG => TooBig,
            libc::EACCES => Acces,
            libc::EADDRINUSE => AddrInUse,
            libc::EADDRNOTAVAIL => AddrNotAvail,
            libc::EAFNOSUPPORT => AfNoSupport,
            libc::EAGAIN => Again,
            libc::EALREADY => Already,
            libc::EBADF => Badf,
            libc::EBADMSG => BadMsg,
            libc::EBUSY => Busy,
            libc::ECANCELED => Canceled,
            libc::ECHILD => Child,
            libc::ECONNABORTED => ConnAborted,
            libc::ECONNREFUSED => ConnRefused,
            libc::ECONNRESET => ConnReset,
            libc::EDEADLK => Deadlk,
            libc::EDESTADDRREQ => DestAddrReq,
            libc::EDOM => Dom,
            libc::EDQUOT => Dquot,
            libc::EEXIST => Exist,
            libc::EFAULT => Fault,
            libc::EFBIG => Fbig,
            libc::EHOSTUNREACH => HostUnreach,
            libc::EIDRM => Idrm,
            libc::EILSEQ => Ilseq,
            libc::EINPROGRESS => InProgress,
            libc::EINTR => Intr,
            libc::EINVAL => Inval,
            libc::EIO => Io,
            libc::EISCONN => IsConn,
            libc::EISDIR => IsDir,
            libc::ELOOP => Loop,
            libc::EMFILE => Mfile,
            libc::EMLINK => Mlink,
            libc::EMSGSIZE => MsgSize,
            libc::EMULTIHOP => Multihop,
            libc::ENAMETOOLONG => NameTooLong,
            libc::ENETDOWN => NetDown,
            libc::ENETRESET => NetReset,
            libc::ENETUNREACH => NetUnreach,
            libc::ENFILE => Nfile,
            libc::ENOBUFS => NoBufs,
            libc::ENODEV => NoDev,
            libc::ENOENT => NoEnt,
            libc::ENOEXEC => NoExec,
            libc::ENOLCK => NoLck,
            libc::ENOLINK => NoLink,
            libc::ENOMEM => NoMem,
            libc::ENOMSG => NoMsg,
            libc::ENOPROTOOPT => NoProtoOpt,
            libc::ENOSPC => NoSpc,
            libc::ENOSYS => NoSys,
            libc::ENOTCONN => NotConn,
            libc::ENOTDIR => NotDir,
            libc::ENOTEMPTY => NotEmpty,
            libc::ENOTRECOVERABLE => NotRecoverable,
            libc::ENOTSOCK => NotSock,
            libc::ENOTSUP => NotSup,
            libc::ENOTTY => NoTty,
            libc::ENXIO => Nxio,
            libc::EOVERFLOW => Overflow,
            libc::EOWNERDEAD => OwnerDead,
            libc::EPERM => Perm,
            libc::EPIPE => Pipe,
            libc::EPROTO => Proto,
            libc::EPROTONOSUPPORT => ProtoNoSupport,
            libc::EPROTOTYPE => ProtoType,
            libc::ERANGE => Range,
            libc::EROFS => Rofs,
            libc::ESPIPE => Spipe,
            libc::ESRCH => Srch,
            libc::ESTALE => Stale,
            libc::ETIMEDOUT => TimedOut,
            libc::ETXTBSY => TxtBsy,
            libc::EXDEV => Xdev,
            _ => Io,
        }
    }

    /// The host's last error (`errno`) as a WASI code.
    pub fn last_os_error() -> Errno {
        Errno::from(io::Error::last_os_error())
    }
}

impl From<io::Error> for Errno {
    fn from(e: io::Error) -> Errno {
        match e.raw_os_error() {
            Some(code) => Errno::from_raw_os_error(code),
            None => match e.kind() {
                io::ErrorKind::NotFound => Errno::NoEnt,
                io::ErrorKind::PermissionDenied => Errno::Acces,
                io::ErrorKind::AlreadyExists => Errno::Exist,
                io::ErrorKind::InvalidInput => Errno::Inval,
                io::ErrorKind::Unsupported => Errno::NotSup,
                io::ErrorKind::OutOfMemory => Errno::NoMem,
                io::ErrorKind::BrokenPipe => Errno::Pipe,
                _ => Errno::Io,
            },
        }
    }
}

/// Result of a WASI operation: a value, or the error code the guest gets.
pub type WasiResult<T> = Result<T, Errno>;

/// File descriptor rights (`rights`, a 64-bit flag set).
pub mod rights {
    pub const FD_DATASYNC: u64 = 1 << 0;
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub const FD_SYNC: u64 = 1 << 4;
    pub const FD_TELL: u64 = 1 << 5;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_ADVISE: u64 = 1 << 7;
    pub const FD_ALLOCATE: u64 = 1 << 8;
    pub const PATH_CREATE_DIRECTORY: u64 = 1 << 9;
    pub const PATH_CREATE_FILE: u64 = 1 << 10;
    pub const PATH_LINK_SOURCE: u64 = 1 << 11;
    pub const PATH_LINK_TARGET: u64 = 1 << 12;
    pub const PATH_OPEN: u64 = 1 << 13;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const PATH_READLINK: u64 = 1 << 15;
    pub const PATH_RENAME_SOURCE: u64 = 1 << 16;
    pub const PATH_RENAME_TARGET: u64 = 1 << 17;
    pub const PATH_FILESTAT_GET: u64 = 1 << 18;
    pub const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
    pub const PATH_FILESTAT_SET_TIMES: u64 = 1 << 20;
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    pub const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    pub const PATH_SYMLINK: u64 = 1 << 24;
    pub const PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
    pub const PATH_UNLINK_FILE: u64 = 1 << 26;
    pub const POLL_FD_READWRITE: u64 = 1 << 27;
    pub const SOCK_SHUTDOWN: u64 = 1 << 28;
    pub const SOCK_ACCEPT: u64 = 1 << 29;

    /// The rights that make sense on a regular file.
    pub const REGULAR_FILE: u64 = FD_DATASYNC
        | FD_READ
        | FD_SEEK
        | FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_TELL
        | FD_WRITE
        | FD_ADVISE
        | FD_ALLOCATE
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_SIZE
        | FD_FILESTAT_SET_TIMES
        | POLL_FD_READWRITE;

    /// The rights that make sense on a directory.
    pub const DIRECTORY: u64 = FD_DATASYNC
        | FD_SYNC
        | PATH_CREATE_DIRECTORY
        | PATH_CREATE_FILE
        | PATH_LINK_SOURCE
        | PATH_LINK_TARGET
        | PATH_OPEN
        | FD_READDIR
        | PATH_READLINK
        | PATH_RENAME_SOURCE
        | PATH_RENAME_TARGET
        | PATH_FILESTAT_GET
        | PATH_FILESTAT_SET_SIZE
        | PATH_FILESTAT_SET_TIMES
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_TIMES
        | PATH_SYMLINK
        | PATH_REMOVE_DIRECTORY
        | PATH_UNLINK_FILE;

    /// The rights a connected socket can have.
    pub const SOCKET: u64 =
        FD_READ | FD_WRITE | FD_FDSTAT_SET_FLAGS | FD_FILESTAT_GET | POLL_FD_READWRITE | SOCK_SHUTDOWN;

    /// The rights a listening socket can have.
    pub const LISTENER: u64 = FD_FDSTAT_SET_FLAGS | FD_FILESTAT_GET | POLL_FD_READWRITE | SOCK_ACCEPT;
}

/// `filetype`.
pub mod filetype {
    pub const UNKNOWN: u8 = 0;
    pub const BLOCK_DEVICE: u8 = 1;
    pub const CHARACTER_DEVICE: u8 = 2;
    pub const DIRECTORY: u8 = 3;
    pub const REGULAR_FILE: u8 = 4;
    #[allow(dead_code, reason = "a host socket's kind is reported as a stream")]
    pub const SOCKET_DGRAM: u8 = 5;
    pub const SOCKET_STREAM: u8 = 6;
    pub const SYMBOLIC_LINK: u8 = 7;
}

/// `fdflags`.
pub mod fdflags {
    pub const APPEND: u16 = 1 << 0;
    pub const DSYNC: u16 = 1 << 1;
    pub const NONBLOCK: u16 = 1 << 2;
    pub const RSYNC: u16 = 1 << 3;
    pub const SYNC: u16 = 1 << 4;
    pub const ALL: u16 = (1 << 5) - 1;
}

/// `oflags`.
pub mod oflags {
    pub const CREAT: u16 = 1 << 0;
    pub const DIRECTORY: u16 = 1 << 1;
    pub const EXCL: u16 = 1 << 2;
    pub const TRUNC: u16 = 1 << 3;
    pub const ALL: u16 = (1 << 4) - 1;
}

/// `lookupflags`.
pub mod lookupflags {
    pub const SYMLINK_FOLLOW: u32 = 1 << 0;
}

/// `fstflags`.
pub mod fstflags {
    pub const ATIM: u16 = 1 << 0;
    pub const ATIM_NOW: u16 = 1 << 1;
    pub const MTIM: u16 = 1 << 2;
    pub const MTIM_NOW: u16 = 1 << 3;
    pub const ALL: u16 = (1 << 4) - 1;
}

/// `clockid`.
pub mod clockid {
    pub const REALTIME: u32 = 0;
    pub const MONOTONIC: u32 = 1;
    pub const PROCESS_CPUTIME: u32 = 2;
    pub const THREAD_CPUTIME: u32 = 3;
}

/// `eventtype` and the flags of `subscription_clock` and `event_fd_readwrite`.
pub mod event {
    pub const CLOCK: u8 = 0;
    pub const FD_READ: u8 = 1;
    pub const FD_WRITE: u8 = 2;
    pub const SUBCLOCK_ABSTIME: u16 = 1 << 0;
    pub const FD_READWRITE_HANGUP: u16 = 1 << 0;
}

/// `riflags` and `sdflags` of the socket calls (stream sockets never set
/// the one `roflags` bit, `recv_data_truncated`).
pub mod sockflags {
    pub const RECV_PEEK: u16 = 1 << 0;
    pub const RECV_WAITALL: u16 = 1 << 1;
    pub const SHUT_RD: u8 = 1 << 0;
    pub const SHUT_WR: u8 = 1 << 1;
}

/// `advice` values run from `normal` (0) to `noreuse` (5).
pub const ADVICE_MAX: u8 = 5;

/// `whence` in Preview 1; the older `wasi_unstable` numbers them
/// differently (see `preview0`).
pub mod whence {
    pub const SET: u8 = 0;
    pub const CUR: u8 = 1;
    pub const END: u8 = 2;
}

/// `preopentype::dir`.
pub const PREOPENTYPE_DIR: u8 = 0;

/// Byte sizes of the records written to guest memory.
pub const FDSTAT_SIZE: usize = 24;
pub const FILESTAT_SIZE: usize = 64;
pub const DIRENT_HEADER_SIZE: usize = 24;
pub const EVENT_SIZE: usize = 32;
pub const SUBSCRIPTION_SIZE: usize = 48;

/// A file's attributes (`filestat`), host-independent.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Filestat {
    pub dev: u64,
    pub ino: u64,
    pub filetype: u8,
    pub nlink: u64,
    pub size: u64,
    pub atim: u64,
    pub mtim: u64,
    pub ctim: u64,
}

impl Filestat {
    /// The Preview 1 layout: 64 bytes, `nlink` a u64 at offset 24.
    pub fn encode(&self) -> [u8; FILESTAT_SIZE] {
        let mut out = [0u8; FILESTAT_SIZE];
        out[0..8].copy_from_slice(&self.dev.to_le_bytes());
        out[8..16].copy_from_slice(&self.ino.to_le_bytes());
        out[16] = self.filetype;
        out[24..32].copy_from_slice(&self.nlink.to_le_bytes());
        out[32..40].copy_from_slice(&self.size.to_le_bytes());
        out[40..48].copy_from_slice(&self.atim.to_le_bytes());
        out[48..56].copy_from_slice(&self.mtim.to_le_bytes());
        out[56..64].copy_from_slice(&self.ctim.to_le_bytes());
        out
    }
}

/// A directory entry's header (`dirent`), followed in memory by its name.
pub fn encode_dirent(next: u64, ino: u64, name_len: u32, filetype: u8) -> [u8; DIRENT_HEADER_SIZE] {
    let mut out = [0u8; DIRENT_HEADER_SIZE];
    out[0..8].copy_from_slice(&next.to_le_bytes());
    out[8..16].copy_from_slice(&ino.to_le_bytes());
    out[16..20].copy_from_slice(&name_len.to_le_bytes());
    out[20] = filetype;
    out
}

/// `fdstat`: file type, flags and rights of a descriptor.
pub fn encode_fdstat(filetype: u8, flags: u16, base: u64, inheriting: u64) -> [u8; FDSTAT_SIZE] {
    let mut out = [0u8; FDSTAT_SIZE];
    out[0] = filetype;
    out[2..4].copy_from_slice(&flags.to_le_bytes());
    out[8..16].copy_from_slice(&base.to_le_bytes());
    out[16..24].copy_from_slice(&inheriting.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_wire_values_follow_the_specification() {
        assert_eq!(Errno::Success as u16, 0);
        assert_eq!(Errno::Badf as u16, 8);
        assert_eq!(Errno::Exist as u16, 20);
        assert_eq!(Errno::Inval as u16, 28);
        assert_eq!(Errno::NoEnt as u16, 44);
        assert_eq!(Errno::NotDir as u16, 54);
        assert_eq!(Errno::NotEmpty as u16, 55);
        assert_eq!(Errno::Perm as u16, 63);
        assert_eq!(Errno::NotCapable as u16, 76);
    }

    #[test]
    fn host_errors_map_to_their_wasi_codes() {
        assert_eq!(Errno::from_raw_os_error(libc::ENOENT), Errno::NoEnt);
        assert_eq!(Errno::from_raw_os_error(libc::ENOTEMPTY), Errno::NotEmpty);
        assert_eq!(Errno::from_raw_os_error(libc::ELOOP), Errno::Loop);
        assert_eq!(Errno::from(io::Error::from(io::ErrorKind::NotFound)), Errno::NoEnt);
    }

    #[test]
    fn records_have_the_specified_layout() {
        let st = Filestat { dev: 1, ino: 2, filetype: 4, nlink: 3, size: 5, atim: 6, mtim: 7, ctim: 8 };
        let bytes = st.encode();
        assert_eq!(bytes[16], 4);
        assert_eq!(u64::from_le_bytes(bytes[24..32].try_into().unwrap()), 3);
        assert_eq!(u64::from_le_bytes(bytes[56..64].try_into().unwrap()), 8);
        let d = encode_dirent(9, 10, 3, 7);
        assert_eq!(u32::from_le_bytes(d[16..20].try_into().unwrap()), 3);
        assert_eq!(d[20], 7);
        let f = encode_fdstat(3, 1, 0xff, 0xf0);
        assert_eq!(u16::from_le_bytes([f[2], f[3]]), 1);
        assert_eq!(u64::from_le_bytes(f[16..24].try_into().unwrap()), 0xf0);
    }
}
