// wasi-test:
// The socket calls on descriptors that are not sockets: sock_accept,
// sock_recv, sock_send and sock_shutdown answer ENOTSOCK, or EBADF for a
// descriptor that does not exist.
#include "common.h"

int main(void) {
    __wasi_fd_t fd;
    uint8_t data[8] = {0};
    __wasi_iovec_t iov = {data, sizeof data};
    __wasi_ciovec_t ciov = {data, sizeof data};
    __wasi_size_t n;
    __wasi_roflags_t roflags;
    for (__wasi_fd_t s = 0; s <= 2; s++) {
        EXPECT(__wasi_sock_accept(s, 0, &fd), __WASI_ERRNO_NOTSOCK);
        EXPECT(__wasi_sock_recv(s, &iov, 1, 0, &n, &roflags), __WASI_ERRNO_NOTSOCK);
        EXPECT(__wasi_sock_send(s, &ciov, 1, 0, &n), __WASI_ERRNO_NOTSOCK);
        EXPECT(__wasi_sock_shutdown(s, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK);
    }
    EXPECT(__wasi_sock_accept(42, 0, &fd), __WASI_ERRNO_BADF);
    EXPECT(__wasi_sock_recv(42, &iov, 1, 0, &n, &roflags), __WASI_ERRNO_BADF);
    EXPECT(__wasi_sock_send(42, &ciov, 1, 0, &n), __WASI_ERRNO_BADF);
    EXPECT(__wasi_sock_shutdown(42, __WASI_SDFLAGS_WR), __WASI_ERRNO_BADF);
    puts("sockets ok");
    return 0;
}
