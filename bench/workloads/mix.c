/*
 * A CoreMark-like mix written for hartscope (not CoreMark's code): per round, linked-list processing
 * (build, reverse, insertion sort, search), a 12x12 integer matrix multiply, a number-recognising state
 * machine over a text, and a bitwise CRC-16 that folds every result together. Unsigned 32-bit arithmetic
 * throughout, so the native twin (mix() in bench/native.ts) computes the very same number.
 * Built by bench/build-workloads.sh with Debian's riscv64-unknown-elf-gcc:
 *   -O2 -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -ffreestanding -fno-builtin -nostdlib
 * and linked with mix.S (start-up and console from common.inc.S).
 */
#include <stdint.h>

#define LIST_N 200
#define MAT_N 12
#define TEXT_N 400
#define ROUNDS 400

static uint32_t seed = 2463534242u;

static uint32_t next_random(void) {
  uint32_t x = seed;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return seed = x;
}

static uint16_t crc16(uint16_t crc, uint32_t value) {
  for (int i = 0; i < 32; i++) {
    uint32_t bit = (value >> i) & 1;
    uint32_t top = (crc >> 15) & 1;
    crc = (uint16_t)(crc << 1);
    if (bit ^ top) crc ^= 0x1021;
  }
  return crc;
}

struct node {
  struct node *next;
  uint32_t value;
};

static struct node nodes[LIST_N];

static uint32_t list_work(void) {
  struct node *head = 0;
  for (int i = 0; i < LIST_N; i++) {
    nodes[i].value = next_random() & 0xffff;
    nodes[i].next = head;
    head = &nodes[i];
  }
  struct node *reversed = 0;
  while (head) {
    struct node *n = head->next;
    head->next = reversed;
    reversed = head;
    head = n;
  }
  struct node *sorted = 0;
  while (reversed) {
    struct node *n = reversed->next;
    struct node **at = &sorted;
    while (*at && (*at)->value < reversed->value) at = &(*at)->next;
    reversed->next = *at;
    *at = reversed;
    reversed = n;
  }
  uint32_t sum = 0;
  uint32_t position = 0;
  uint32_t wanted = nodes[LIST_N / 2].value;
  uint32_t found = 0;
  for (struct node *n = sorted; n; n = n->next, position++) {
    sum = sum * 33 + n->value;
    if (n->value == wanted && !found) found = position;
  }
  return sum ^ (found << 16);
}

static uint32_t a[MAT_N][MAT_N], b[MAT_N][MAT_N], c[MAT_N][MAT_N];

static uint32_t matrix_work(void) {
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      a[i][j] = next_random() & 0xff;
      b[i][j] = next_random() & 0xff;
    }
  uint32_t trace = 0;
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      uint32_t s = 0;
      for (int k = 0; k < MAT_N; k++) s += a[i][k] * b[k][j];
      c[i][j] = s;
      trace += (i == j) ? s : (s >> 3);
    }
  return trace;
}

static uint8_t text[TEXT_N];

enum { START, SIGN, INT, POINT, FRACTION, INVALID };

static uint32_t state_work(void) {
  static const char alphabet[] = "0123456789+-.,x";
  for (int i = 0; i < TEXT_N; i++) text[i] = (uint8_t)alphabet[next_random() % 15];
  uint32_t counts[6] = {0, 0, 0, 0, 0, 0};
  int state = START;
  for (int i = 0; i < TEXT_N; i++) {
    uint8_t ch = text[i];
    if (ch == ',') {
      counts[state]++;
      state = START;
      continue;
    }
    int digit = ch >= '0' && ch <= '9';
    switch (state) {
    case START: state = digit ? INT : (ch == '+' || ch == '-') ? SIGN : ch == '.' ? POINT : INVALID; break;
    case SIGN: state = digit ? INT : ch == '.' ? POINT : INVALID; break;
    case INT: state = digit ? INT : ch == '.' ? POINT : INVALID; break;
    case POINT: state = digit ? FRACTION : INVALID; break;
    case FRACTION: state = digit ? FRACTION : INVALID; break;
    default: break;
    }
  }
  counts[state]++;
  uint32_t r = 0;
  for (int s = 0; s < 6; s++) r = r * 131 + counts[s];
  return r;
}

uint32_t workload(void) {
  uint16_t crc = 0xffff;
  for (int round = 0; round < ROUNDS; round++) {
    crc = crc16(crc, list_work());
    crc = crc16(crc, matrix_work());
    crc = crc16(crc, state_work());
  }
  return crc;
}
