//! Arguments, environment, clocks, randomness and the process calls:
//! `args_*`, `environ_*`, `clock_*`, `random_get`, `sched_yield`,
//! `proc_exit` and `proc_raise`.

use super::ctx::WasiCtx;
use super::memory::GuestMemory;
use super::sys;
use super::types::{Errno, WasiResult, clockid};
use crate::trap::Trap;

/// Writes the count and total size (NUL terminators included) of `items`.
fn sizes_get(items: &[Vec<u8>], mem: &mut GuestMemory, count_ptr: u32, size_ptr: u32) -> WasiResult<()> {
    let size: usize = items.iter().map(|s| s.len() + 1).sum();
    let size = u32::try_from(size).map_err(|_| Errno::Overflow)?;
    mem.write_u32(count_ptr, items.len() as u32)?;
    mem.write_u32(size_ptr, size)
}

/// Writes a pointer to each of `items` at `ptrs` and the NUL-terminated
/// strings themselves at `buf`.
fn strings_get(items: &[Vec<u8>], mem: &mut GuestMemory, ptrs: u32, buf: u32) -> WasiResult<()> {
    let mut at = buf;
    for (i, item) in items.iter().enumerate() {
        let slot = ptrs.checked_add(4 * i as u32).ok_or(Errno::Fault)?;
        mem.write_u32(slot, at)?;
        mem.write(at, item)?;
        let end = at.checked_add(item.len() as u32).ok_or(Errno::Fault)?;
        mem.write(end, &[0])?;
        at = end.checked_add(1).ok_or(Errno::Fault)?;
    }
    Ok(())
}

pub(crate) fn args_sizes_get(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    count: u32,
    size: u32,
) -> WasiResult<()> {
    sizes_get(&cx.args, mem, count, size)
}

pub(crate) fn args_get(cx: &mut WasiCtx, mem: &mut GuestMemory, argv: u32, buf: u32) -> WasiResult<()> {
    strings_get(&cx.args, mem, argv, buf)
}

pub(crate) fn environ_sizes_get(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    count: u32,
    size: u32,
) -> WasiResult<()> {
    sizes_get(&cx.env, mem, count, size)
}

pub(crate) fn environ_get(cx: &mut WasiCtx, mem: &mut GuestMemory, environ: u32, buf: u32) -> WasiResult<()> {
    strings_get(&cx.env, mem, environ, buf)
}

/// The host clock behind a WASI clock id.
pub(crate) fn host_clock(id: u32) -> WasiResult<libc::clockid_t> {
    match id {
        clockid::REALTIME => Ok(libc::CLOCK_REALTIME),
        clockid::MONOTONIC => Ok(libc::CLOCK_MONOTONIC),
        clockid::PROCESS_CPUTIME => Ok(libc::CLOCK_PROCESS_CPUTIME_ID),
        clockid::THREAD_CPUTIME => Ok(libc::CLOCK_THREAD_CPUTIME_ID),
        _ => Err(Errno::Inval),
    }
}

/// The current time of WASI clock `id`, in nanoseconds.
pub(crate) fn now(id: u32) -> WasiResult<u64> {
    sys::clock(host_clock(id)?, false)
}

pub(crate) fn clock_res_get(_: &mut WasiCtx, mem: &mut GuestMemory, id: u32, out: u32) -> WasiResult<()> {
    // A resolution of zero would tell the guest nothing; no host clock is
    // finer than a nanosecond anyway.
    let res = sys::clock(host_clock(id)?, true)?.max(1);
    mem.write_u64(out, res)
}

pub(crate) fn clock_time_get(
    _: &mut WasiCtx,
    mem: &mut GuestMemory,
    id: u32,
    _precision: u64,
    out: u32,
) -> WasiResult<()> {
    mem.write_u64(out, now(id)?)
}

pub(crate) fn random_get(_: &mut WasiCtx, mem: &mut GuestMemory, buf: u32, len: u32) -> WasiResult<()> {
    sys::random_fill(mem.slice_mut(buf, len)?)
}

pub(crate) fn sched_yield(_: &mut WasiCtx, _: &mut GuestMemory) -> WasiResult<()> {
    std::thread::yield_now();
    Ok(())
}

/// Ends the guest with `code`: a trap that unwinds every WebAssembly frame
/// and carries the status to the host.
pub(crate) fn proc_exit(cx: &mut WasiCtx, code: u32) -> Trap {
    cx.exit_code = Some(code as i32);
    Trap::exit(code as i32)
}

/// What raising a signal does to a guest, following each signal's default
/// action (the guest has no way to install handlers in WASI).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SignalAction {
    Ignore,
    Terminate,
    /// Stopping needs job control, which a guest does not have.
    Stop,
}

/// The default action of WASI signal `sig` (1 = `hup` ... 30 = `sys`).
pub(crate) fn signal_action(sig: u8) -> WasiResult<SignalAction> {
    match sig {
        0 => Ok(SignalAction::Ignore),
        // pipe (ignored in the WASI table), chld, cont, urg, winch.
        13 | 16 | 17 | 22 | 27 => Ok(SignalAction::Ignore),
        // stop, tstp, ttin, ttou.
        18..=21 => Ok(SignalAction::Stop),
        1..=30 => Ok(SignalAction::Terminate),
        _ => Err(Errno::Inval),
    }
}

/// `proc_raise`: a terminating signal ends the guest with status 128 + the
/// signal's number, as a shell reports a process killed by it; ignored
/// signals do nothing; stop signals are not supported.
pub(crate) fn proc_raise(cx: &mut WasiCtx, sig: u32) -> Result<WasiResult<()>, Trap> {
    let sig = match u8::try_from(sig) {
        Ok(s) => s,
        Err(_) => return Ok(Err(Errno::Inval)),
    };
    match signal_action(sig) {
        Ok(SignalAction::Ignore) => Ok(Ok(())),
        Ok(SignalAction::Stop) => Ok(Err(Errno::NotSup)),
        Ok(SignalAction::Terminate) => {
            let status = 128 + i32::from(sig);
            cx.exit_code = Some(status);
            Err(Trap::exit(status))
        }
        Err(e) => Ok(Err(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_laid_out_with_pointers_and_terminators() {
        let mut bytes = vec![0u8; 64];
        let mut mem = GuestMemory::new(&mut bytes);
        let items = vec![b"ab".to_vec(), b"c".to_vec()];
        sizes_get(&items, &mut mem, 0, 4).unwrap();
        assert_eq!(mem.read_u32(0), Ok(2));
        assert_eq!(mem.read_u32(4), Ok(5));
        strings_get(&items, &mut mem, 8, 32).unwrap();
        assert_eq!(mem.read_u32(8), Ok(32));
        assert_eq!(mem.read_u32(12), Ok(35));
        assert_eq!(mem.slice(32, 5).unwrap(), b"ab\0c\0");
        assert_eq!(strings_get(&items, &mut mem, 8, 62), Err(Errno::Fault));
    }

    #[test]
    fn every_clock_answers_and_unknown_ones_are_invalid() {
        for id in 0..4 {
            assert!(now(id).unwrap() > 0, "clock {id}");
        }
        assert_eq!(now(4), Err(Errno::Inval));
        let a = now(clockid::MONOTONIC).unwrap();
        let b = now(clockid::MONOTONIC).unwrap();
        assert!(b >= a);
    }

    #[test]
    fn signals_follow_their_default_actions() {
        assert_eq!(signal_action(0), Ok(SignalAction::Ignore));
        assert_eq!(signal_action(15), Ok(SignalAction::Terminate));
        assert_eq!(signal_action(17), Ok(SignalAction::Ignore));
        assert_eq!(signal_action(19), Ok(SignalAction::Stop));
        assert_eq!(signal_action(31), Err(Errno::Inval));
    }
}
