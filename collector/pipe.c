/*
 * pipe.c: the trace reader on a thread of its own.
 *
 * Reading and merging a trace costs about as much as attributing and
 * counting its records, so on a machine with two cores the collector runs
 * the reader here and consumes its records in batches: one lock round
 * trip per few thousand records.  Records are copied into the batch, so
 * the reader's borrowed pointers never cross threads.  The reader handle
 * belongs to this thread until xabi_pipe_finish() has joined it.
 */
#include "collector/collector-int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define BATCH    4096
#define NBATCHES 4

struct batch
{
    size_t n;
    int status; /* 1: more follow; 0: the end; -1: the reader failed */
    struct xabi_trace_record rec[BATCH];
};

struct xabi_pipe
{
    struct xabi_trace *t;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    bool started;
    bool stop; /* the consumer gave up: the reader ends */
    struct batch *free[NBATCHES], *full[NBATCHES];
    unsigned nfree, full_head, nfull;
    struct batch *cur; /* being consumed */
    size_t pos;
    struct batch slab[NBATCHES];
};

/* Reader side: a batch to fill, or NULL once the consumer stopped. */
static struct batch *take_free(struct xabi_pipe *p)
{
    struct batch *b = NULL;

    pthread_mutex_lock(&p->lock);
    while ( !p->stop && p->nfree == 0 )
        pthread_cond_wait(&p->changed, &p->lock);
    if ( !p->stop )
        b = p->free[--p->nfree];
    pthread_mutex_unlock(&p->lock);
    return b;
}

static void put_full(struct xabi_pipe *p, struct batch *b)
{
    pthread_mutex_lock(&p->lock);
    p->full[(p->full_head + p->nfull++) % NBATCHES] = b;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

static void *reader(void *arg)
{
    struct xabi_pipe *p = arg;
    int rc = 1;

    while ( rc > 0 )
    {
        struct batch *b = take_free(p);
        const struct xabi_trace_record *r;

        if ( !b )
            break;
        for ( b->n = 0; b->n < BATCH && (rc = xabi_trace_next(p->t, &r)) > 0; )
            b->rec[b->n++] = *r;
        b->status = rc;
        put_full(p, b);
    }
    return NULL;
}

int xabi_pipe_start(struct xabi_trace *t, struct xabi_pipe **out)
{
    struct xabi_pipe *p = calloc(1, sizeof(*p));
    unsigned i;

    *out = p;
    if ( !p )
        return -1;
    p->t = t;
    for ( i = 0; i < NBATCHES; i++ )
        p->free[p->nfree++] = &p->slab[i];
    if ( pthread_mutex_init(&p->lock, NULL) ||
         pthread_cond_init(&p->changed, NULL) )
        return -1;
    if ( pthread_create(&p->thread, NULL, reader, p) )
        return -1;
    p->started = true;
    return 0;
}

int xabi_pipe_next(struct xabi_pipe *p, const struct xabi_trace_record **rec)
{
    for ( ;; )
    {
        int status;

        if ( p->cur && p->pos < p->cur->n )
        {
            *rec = &p->cur->rec[p->pos++];
            return 1;
        }
        pthread_mutex_lock(&p->lock);
        if ( p->cur )
        {
            status = p->cur->status;
            p->free[p->nfree++] = p->cur;
            p->cur = NULL;
            pthread_cond_broadcast(&p->changed);
            if ( status <= 0 )
            {
                pthread_mutex_unlock(&p->lock);
                return status;
            }
        }
        while ( p->nfull == 0 )
            pthread_cond_wait(&p->changed, &p->lock);
        p->cur = p->full[p->full_head];
        p->full_head = (p->full_head + 1) % NBATCHES;
        p->nfull--;
        p->pos = 0;
        pthread_mutex_unlock(&p->lock);
    }
}

void xabi_pipe_finish(struct xabi_pipe *p)
{
    if ( !p )
        return;
    if ( p->started )
    {
        pthread_mutex_lock(&p->lock);
        p->stop = true;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->lock);
        pthread_join(p->thread, NULL);
    }
    free(p);
}
