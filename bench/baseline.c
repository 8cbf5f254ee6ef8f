/*
 * baseline.c - the benchmarks' yardstick: a bare libmicrohttpd server
 * that answers every request with the same 100-byte JSON body, with the
 * same daemon flags and thread pool as tongban.  bench/run measures it in
 * the same run as tongban and reports tongban's figures as ratios to it,
 * because absolute numbers on these machines vary from run to run.
 *
 * usage: baseline PORT THREADS
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <microhttpd.h>

/* Exactly 100 bytes. */
static const char body[] =
    "{\"status\":\"ok\",\"service\":\"baseline\",\"note\":\"a constant body "
    "for the benchmarks\",\"pad\":\"xxxxxxxxxxx\"}";

static struct MHD_Response *response;

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	/* Answer on the second call, as tongban does (keep-alive). */
	if (*con_cls == NULL) {
		*con_cls = (void *)1;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	return MHD_queue_response(c, MHD_HTTP_OK, response);
}

int
main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	struct sockaddr_in sa;
	sigset_t set;
	int sig;

	if (argc != 3) {
		fprintf(stderr, "usage: baseline PORT THREADS\n");
		return 2;
	}
	_Static_assert(sizeof(body) - 1 == 100, "the body is 100 bytes");
	response = MHD_create_response_from_buffer(sizeof(body) - 1,
	    (void *)body, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(response, "Content-Type", "application/json");
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO, 0,
	    NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &sa,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)atoi(argv[2]),
	    MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_END);
	if (d == NULL) {
		perror("baseline: cannot start");
		return 1;
	}
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(response);
	return 0;
}
