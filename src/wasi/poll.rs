//! `poll_oneoff`: waits for any of several clock and descriptor
//! subscriptions at once.

use super::ctx::{Input, Kind, Output, WasiCtx};
use super::memory::GuestMemory;
use super::process::{host_clock, now};
use super::sys;
use super::types::*;
use std::os::fd::{AsFd, AsRawFd};
use std::time::{Duration, Instant};

/// One decoded subscription.
#[derive(Clone, Debug)]
pub(crate) struct Subscription {
    pub userdata: u64,
    pub kind: SubscriptionKind,
}

#[derive(Clone, Debug)]
pub(crate) enum SubscriptionKind {
    Clock { id: u32, timeout: u64, absolute: bool },
    Read(u32),
    Write(u32),
}

/// One event to report.
struct Event {
    userdata: u64,
    error: Errno,
    kind: u8,
    nbytes: u64,
    hangup: bool,
}

impl Event {
    fn encode(&self) -> [u8; EVENT_SIZE] {
        let mut out = [0u8; EVENT_SIZE];
        out[0..8].copy_from_slice(&self.userdata.to_le_bytes());
        out[8..10].copy_from_slice(&(self.error as u16).to_le_bytes());
        out[10] = self.kind;
        out[16..24].copy_from_slice(&self.nbytes.to_le_bytes());
        let flags = if self.hangup { event::FD_READWRITE_HANGUP } else { 0 };
        out[24..26].copy_from_slice(&flags.to_le_bytes());
        out
    }
}

/// Where a subscription's fields sit: the two ABI versions differ in the
/// clock variant (the older one starts it with a 64-bit identifier).
pub(crate) struct Layout {
    pub size: u32,
    pub clock_id: u32,
    pub clock_timeout: u32,
    pub clock_flags: u32,
}

/// Preview 1: 48 bytes.
const PREVIEW1: Layout =
    Layout { size: SUBSCRIPTION_SIZE as u32, clock_id: 16, clock_timeout: 24, clock_flags: 40 };

/// Decodes `count` subscriptions at `subs`.
pub(crate) fn decode_all(
    mem: &GuestMemory,
    subs: u32,
    count: u32,
    layout: &Layout,
) -> WasiResult<Vec<Subscription>> {
    if count == 0 {
        // Nothing to wait for: the caller reports EINVAL.
        return Ok(Vec::new());
    }
    // Checking the whole array first keeps every field offset in range.
    mem.slice(subs, count.checked_mul(layout.size).ok_or(Errno::Fault)?)?;
    let mut list = Vec::with_capacity(count as usize);
    for i in 0..count {
        let at = subs + i * layout.size;
        let userdata = mem.read_u64(at)?;
        let kind = match mem.read_u8(at + 8)? {
            event::CLOCK => SubscriptionKind::Clock {
                id: mem.read_u32(at + layout.clock_id)?,
                timeout: mem.read_u64(at + layout.clock_timeout)?,
                absolute: mem.read_u16(at + layout.clock_flags)? & event::SUBCLOCK_ABSTIME != 0,
            },
            event::FD_READ => SubscriptionKind::Read(mem.read_u32(at + 16)?),
            event::FD_WRITE => SubscriptionKind::Write(mem.read_u32(at + 16)?),
            _ => return Err(Errno::Inval),
        };
        list.push(Subscription { userdata, kind });
    }
    Ok(list)
}

pub(crate) fn poll_oneoff(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    subs: u32,
    events: u32,
    count: u32,
    out: u32,
) -> WasiResult<()> {
    let list = decode_all(mem, subs, count, &PREVIEW1)?;
    poll_subscriptions(cx, mem, &list, events, out)
}

/// Waits for `subs` and writes the events that happened at `events`, their
/// number at `out`. Shared by both ABI versions (only the subscription
/// layout differs).
pub(crate) fn poll_subscriptions(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    subs: &[Subscription],
    events: u32,
    out: u32,
) -> WasiResult<()> {
    if subs.is_empty() {
        return Err(Errno::Inval);
    }
    // Room for one event per subscription must exist before anything waits.
    let room = u32::try_from(subs.len() * EVENT_SIZE).map_err(|_| Errno::Fault)?;
    mem.slice(events, room)?;

    let start = Instant::now();
    let mut ready = Vec::new();
    let mut deadlines = Vec::new();
    let mut waiting = Vec::new();
    for sub in subs {
        match sub.kind {
            SubscriptionKind::Clock { id, timeout, absolute } => {
                let remaining = match host_clock(id) {
                    Ok(_) if absolute => timeout.saturating_sub(now(id)?),
                    Ok(_) => timeout,
                    Err(e) => {
                        ready.push(Event {
                            userdata: sub.userdata,
                            error: e,
                            kind: event::CLOCK,
                            nbytes: 0,
                            hangup: false,
                        });
                        continue;
                    }
                };
                deadlines.push((sub.userdata, start + Duration::from_nanos(remaining)));
            }
            SubscriptionKind::Read(fd) | SubscriptionKind::Write(fd) => {
                let reading = matches!(sub.kind, SubscriptionKind::Read(_));
                let kind = if reading { event::FD_READ } else { event::FD_WRITE };
                let d = cx.table.get(fd)?;
                let needed = if reading { rights::FD_READ } else { rights::FD_WRITE };
                let error = |error| Event { userdata: sub.userdata, error, kind, nbytes: 0, hangup: false };
                if d.base & needed == 0 {
                    ready.push(error(Errno::Badf));
                    continue;
                }
                match &d.kind {
                    Kind::Dir(_) => ready.push(error(Errno::Badf)),
                    // In-memory streams and host writers never block.
                    Kind::Input(input @ (Input::Null | Input::Bytes { .. })) => {
                        ready.push(Event { nbytes: input.available(), ..error(Errno::Success) })
                    }
                    Kind::Output(Output::Null | Output::Buffer(_) | Output::Writer(_)) => {
                        ready.push(error(Errno::Success))
                    }
                    Kind::File(f)
                        if sys::fstat(f.as_fd())
                            .is_ok_and(|st| st.st_mode & libc::S_IFMT == libc::S_IFREG) =>
                    {
                        // Regular files are always ready; report what is
                        // left to read.
                        let nbytes = if reading { regular_file_remaining(f) } else { 0 };
                        ready.push(Event { nbytes, ..error(Errno::Success) });
                    }
                    _ => {
                        let host = d.host_fd().expect("every other descriptor has a host descriptor");
                        waiting.push((sub.userdata, kind, host));
                    }
                }
            }
        }
    }

    loop {
        let now = Instant::now();
        let next_deadline = deadlines.iter().map(|(_, at)| *at).min();
        let timeout = if ready.is_empty() {
            next_deadline.map(|at| at.saturating_duration_since(now))
        } else {
            Some(Duration::ZERO)
        };
        if !waiting.is_empty() {
            let mut fds: Vec<libc::pollfd> = waiting
                .iter()
                .map(|&(_, kind, fd)| libc::pollfd {
                    fd: fd.as_raw_fd(),
                    events: if kind == event::FD_READ { libc::POLLIN } else { libc::POLLOUT },
                    revents: 0,
                })
                .collect();
            sys::ppoll(&mut fds, timeout)?;
            for (pfd, &(userdata, kind, fd)) in fds.iter().zip(&waiting) {
                let wanted = if kind == event::FD_READ { libc::POLLIN } else { libc::POLLOUT };
                if pfd.revents & (wanted | libc::POLLHUP | libc::POLLERR) != 0 {
                    let nbytes = if kind == event::FD_READ { sys::bytes_readable(fd) } else { 0 };
                    let hangup = pfd.revents & libc::POLLHUP != 0;
                    ready.push(Event { userdata, error: Errno::Success, kind, nbytes, hangup });
                }
            }
        } else if let Some(wait) = timeout {
            std::thread::sleep(wait);
        }
        let now = Instant::now();
        for &(userdata, at) in &deadlines {
            if at <= now {
                ready.push(Event {
                    userdata,
                    error: Errno::Success,
                    kind: event::CLOCK,
                    nbytes: 0,
                    hangup: false,
                });
            }
        }
        if !ready.is_empty() {
            break;
        }
    }

    for (i, e) in ready.iter().enumerate() {
        mem.write(events + (i * EVENT_SIZE) as u32, &e.encode())?;
    }
    mem.write_u32(out, ready.len() as u32)
}

/// Bytes between a regular file's position and its end.
fn regular_file_remaining(f: &std::fs::File) -> u64 {
    use std::io::Seek;
    let size = f.metadata().map_or(0, |m| m.len());
    let pos = (&mut &*f).stream_position().unwrap_or(size);
    size.saturating_sub(pos)
}
