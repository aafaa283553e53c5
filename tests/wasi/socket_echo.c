// wasi-test-manual: needs a preopened listening socket and a client; run by the socket test of tests/wasi.rs
// Accepts one connection on the preopened listening socket (descriptor 3),
// echoes what it receives in upper case until the peer closes its side,
// then shuts the connection down.
#include "common.h"
#include <ctype.h>

int main(void) {
    __wasi_fd_t conn;
    OK(__wasi_sock_accept(3, 0, &conn));
    __wasi_fdstat_t st;
    OK(__wasi_fd_fdstat_get(conn, &st));
    CHECK(st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM);
    // A listening socket has no peer to talk to.
    uint8_t buf[256];
    __wasi_iovec_t iov = {buf, sizeof buf};
    __wasi_size_t n;
    __wasi_roflags_t roflags;
    EXPECT(__wasi_sock_recv(3, &iov, 1, 0, &n, &roflags), __WASI_ERRNO_NOTCONN);
    __wasi_fd_t again;
    EXPECT(__wasi_sock_accept(conn, 0, &again), __WASI_ERRNO_INVAL);
    EXPECT(__wasi_sock_send(conn, NULL, 0, 1, &n), __WASI_ERRNO_INVAL);
    EXPECT(__wasi_sock_shutdown(conn, 0), __WASI_ERRNO_INVAL);

    // Peek first: the data stays for the real read.
    OK(__wasi_sock_recv(conn, &iov, 1, __WASI_RIFLAGS_RECV_PEEK, &n, &roflags));
    CHECK(n > 0 && roflags == 0);
    size_t total = 0;
    for (;;) {
        OK(__wasi_sock_recv(conn, &iov, 1, 0, &n, &roflags));
        if (n == 0) break;
        for (size_t i = 0; i < n; i++) buf[i] = (uint8_t)toupper(buf[i]);
        size_t sent = 0;
        while (sent < n) {
            __wasi_ciovec_t out = {buf + sent, n - sent};
            __wasi_size_t w;
            OK(__wasi_sock_send(conn, &out, 1, 0, &w));
            sent += w;
        }
        total += n;
    }
    OK(__wasi_sock_shutdown(conn, __WASI_SDFLAGS_WR));
    OK(__wasi_fd_close(conn));
    printf("echoed %zu bytes\n", total);
    return 0;
}
