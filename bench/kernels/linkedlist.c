/* Pointer chasing: a singly linked list of 100,000 nodes whose links visit
 * the node pool in random order (so every step is a dependent load from an
 * unpredictable address). Each round walks the list summing values,
 * reverses it in place, and deletes and re-inserts a few nodes. run(n) does
 * n * 10 rounds and returns a checksum of the sums. */
#include "common.h"

#define NODES 100000

struct node {
    struct node *next;
    u32 value;
};

static struct node pool[NODES];
static u32 order[NODES];

NOINLINE static u32 walk(const struct node *p) {
    u32 sum = 0, i = 0;
    for (; p; p = p->next) sum += p->value * (++i);
    return sum;
}

NOINLINE static struct node *reverse(struct node *p) {
    struct node *prev = 0;
    while (p) {
        struct node *next = p->next;
        p->next = prev;
        prev = p;
        p = next;
    }
    return prev;
}

/* Unlinks the node `steps` links after the head and inserts it at the front. */
NOINLINE static struct node *move_to_front(struct node *head, u32 steps) {
    struct node *prev = head;
    for (u32 i = 1; i < steps && prev->next && prev->next->next; i++) prev = prev->next;
    struct node *victim = prev->next;
    if (!victim) return head;
    prev->next = victim->next;
    victim->next = head;
    return victim;
}

u32 run(u32 n) {
    u32 seed = 88172645u;
    for (u32 i = 0; i < NODES; i++) order[i] = i;
    for (u32 i = NODES - 1; i > 0; i--) { /* Fisher-Yates shuffle */
        u32 j = rng_next(&seed) % (i + 1);
        u32 t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (u32 i = 0; i < NODES; i++) {
        struct node *p = &pool[order[i]];
        p->value = rng_next(&seed) & 0xffff;
        p->next = i + 1 < NODES ? &pool[order[i + 1]] : 0;
    }
    struct node *head = &pool[order[0]];
    u32 h = 2166136261u;
    for (u32 r = 0; r < n * 10; r++) {
        h = mix(h, walk(head));
        head = reverse(head);
        for (u32 k = 0; k < 8; k++) head = move_to_front(head, rng_next(&seed) % 5000);
    }
    return mix(h, walk(head));
}
