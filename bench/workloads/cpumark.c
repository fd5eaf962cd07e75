/* cpumark: a mixed CPU workload in the spirit of embedded-CPU suites (our own
 * design and code). Each of the n iterations
 *   - walks, searches, reverses and merge-sorts a linked list,
 *   - multiplies small integer matrices and a matrix by a vector,
 *   - runs a number-token recognizer (a state machine) over a text buffer,
 * and folds every result into a CRC-16, then perturbs the inputs so the next
 * iteration computes something new. Measures pointer chasing, short loops,
 * unpredictable branches and table-free bit manipulation.
 * Checksum: the CRC-16 and a 32-bit hash of the same results. */
#include "workload.h"

enum {
  kListNodes = 400,
  kSearches = 8,
  kMatrixDim = 16,
  kTextBytes = 1536,
  kTokenKinds = 6,
};

typedef struct Node {
  struct Node* next;
  uint16_t value;
  uint16_t id;
} Node;

typedef struct {
  uint16_t crc;
  uint32_t hash;
} Digest;

static Node nodes[kListNodes];
static uint16_t matrix_a[kMatrixDim * kMatrixDim];
static uint16_t matrix_b[kMatrixDim * kMatrixDim];
static uint32_t matrix_c[kMatrixDim * kMatrixDim];
static uint8_t text[kTextBytes];

/* CRC-16/CCITT (polynomial 0x1021), bit by bit over the value's four bytes. */
static uint16_t Crc16(uint16_t crc, uint32_t value) {
  for (int byte = 0; byte < 4; ++byte) {
    crc ^= (uint16_t)((value >> (8 * byte)) & 0xff) << 8;
    for (int bit = 0; bit < 8; ++bit) {
      crc = crc & 0x8000 ? (uint16_t)(crc << 1) ^ 0x1021 : (uint16_t)(crc << 1);
    }
  }
  return crc;
}

static void Fold(Digest* digest, uint32_t value) {
  digest->crc = Crc16(digest->crc, value);
  digest->hash = Mix(digest->hash, value);
}

/* ---- Linked list ---- */

static Node* BuildList(uint32_t* seed) {
  for (int i = 0; i < kListNodes; ++i) {
    nodes[i].next = i + 1 < kListNodes ? &nodes[i + 1] : 0;
    nodes[i].value = (uint16_t)NextRandom(seed);
    nodes[i].id = (uint16_t)i;
  }
  return &nodes[0];
}

static Node* Reverse(Node* list) {
  Node* reversed = 0;
  while (list) {
    Node* next = list->next;
    list->next = reversed;
    reversed = list;
    list = next;
  }
  return reversed;
}

static int Before(const Node* x, const Node* y, int by_value) {
  return by_value ? x->value <= y->value : x->id <= y->id;
}

/* Bottom-up merge sort (stable): merges runs of width 1, 2, 4, ... in place
 * by relinking, without recursion or extra memory. */
static Node* Sort(Node* list, int by_value) {
  for (int width = 1;; width *= 2) {
    Node* head = 0;
    Node** tail = &head;
    int merges = 0;
    while (list) {
      ++merges;
      Node* left = list;
      Node* right = list;
      int left_size = 0;
      while (right && left_size < width) {
        right = right->next;
        ++left_size;
      }
      int right_size = width;
      while (left_size > 0 || (right_size > 0 && right)) {
        Node* take;
        if (left_size == 0 ||
            (right_size > 0 && right && !Before(left, right, by_value))) {
          take = right;
          right = right->next;
          --right_size;
        } else {
          take = left;
          left = left->next;
          --left_size;
        }
        *tail = take;
        tail = &take->next;
      }
      list = right;
    }
    *tail = 0;
    if (merges <= 1) return head;
    list = head;
  }
}

static uint32_t CountValue(const Node* list, uint16_t value) {
  uint32_t count = 0;
  for (; list; list = list->next) count += list->value == value;
  return count;
}

static Node* ListStep(Node* list, uint32_t iteration, Digest* digest) {
  for (uint32_t s = 0; s < kSearches; ++s) {
    uint16_t probe = nodes[(iteration * 31 + s * 53) % kListNodes].value;
    Fold(digest, CountValue(list, probe));
  }
  list = Sort(Reverse(list), 1);
  uint32_t position = 0;
  for (Node* node = list; node; node = node->next, ++position) {
    if (position % 16 == 0)
      Fold(digest, (uint32_t)node->value << 16 | node->id);
  }
  list = Sort(list, 0);
  for (Node* node = list; node; node = node->next) {
    node->value = (uint16_t)(node->value * 5u + iteration + node->id);
  }
  return list;
}

/* ---- Matrices ---- */

static void FillMatrices(uint32_t* seed) {
  for (int i = 0; i < kMatrixDim * kMatrixDim; ++i) {
    matrix_a[i] = (uint16_t)(NextRandom(seed) & 0x3ff);
    matrix_b[i] = (uint16_t)(NextRandom(seed) & 0x3ff);
  }
}

static void MatrixStep(uint32_t iteration, Digest* digest) {
  for (int i = 0; i < kMatrixDim; ++i) {
    for (int j = 0; j < kMatrixDim; ++j) {
      uint32_t sum = 0;
      for (int k = 0; k < kMatrixDim; ++k) {
        sum += (uint32_t)matrix_a[i * kMatrixDim + k] *
               matrix_b[k * kMatrixDim + j];
      }
      matrix_c[i * kMatrixDim + j] = sum;
    }
  }
  uint32_t extracted = 0;
  for (int i = 0; i < kMatrixDim; ++i) {
    uint32_t dot = 0;
    for (int j = 0; j < kMatrixDim; ++j) {
      uint32_t c = matrix_c[i * kMatrixDim + j];
      dot += c * matrix_b[j];  // C times B's first row, as a vector
      extracted += (c >> 3) & 0x7f;
    }
    Fold(digest, dot);
  }
  Fold(digest, extracted);
  for (int i = 0; i < kMatrixDim * kMatrixDim; ++i) {
    matrix_a[i] =
        (uint16_t)((matrix_a[i] + iteration + (matrix_c[i] >> 7)) & 0x3ff);
  }
}

/* ---- Number-token state machine ---- */

typedef enum {
  kStart,
  kSign,
  kZero,
  kInteger,
  kDot,
  kFraction,
  kExponentMark,
  kExponentSign,
  kExponent,
  kHexMark,
  kHex,
  kInvalid,
} State;

/* Token kinds counted at each separator. */
typedef enum { kEmpty, kInt, kFloat, kScientific, kHexNumber, kBad } Kind;

static int IsDigit(uint8_t c) { return c >= '0' && c <= '9'; }

static int IsHexDigit(uint8_t c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static State Next(State state, uint8_t c) {
  switch (state) {
    case kStart:
      if (c == '+' || c == '-') return kSign;
      if (c == '0') return kZero;
      if (IsDigit(c)) return kInteger;
      if (c == '.') return kDot;
      return kInvalid;
    case kSign:
      if (c == '0') return kZero;
      if (IsDigit(c)) return kInteger;
      if (c == '.') return kDot;
      return kInvalid;
    case kZero:
      if (c == 'x' || c == 'X') return kHexMark;
      /* Otherwise a leading zero is just the start of a decimal number. */
      __attribute__((fallthrough));
    case kInteger:
      if (IsDigit(c)) return kInteger;
      if (c == '.') return kFraction;
      if (c == 'e' || c == 'E') return kExponentMark;
      return kInvalid;
    case kDot:
      return IsDigit(c) ? kFraction : kInvalid;
    case kFraction:
      if (IsDigit(c)) return kFraction;
      if (c == 'e' || c == 'E') return kExponentMark;
      return kInvalid;
    case kExponentMark:
      if (c == '+' || c == '-') return kExponentSign;
      return IsDigit(c) ? kExponent : kInvalid;
    case kExponentSign:
    case kExponent:
      return IsDigit(c) ? kExponent : kInvalid;
    case kHexMark:
    case kHex:
      return IsHexDigit(c) ? kHex : kInvalid;
    case kInvalid:
      return kInvalid;
  }
  return kInvalid;
}

static Kind KindOf(State state) {
  switch (state) {
    case kStart:
      return kEmpty;
    case kZero:
    case kInteger:
      return kInt;
    case kFraction:
      return kFloat;
    case kExponent:
      return kScientific;
    case kHex:
      return kHexNumber;
    default:
      return kBad;
  }
}

static const char kAlphabet[] = "0123456789+-.eExX,aF9";

static void FillText(uint32_t* seed) {
  for (int i = 0; i < kTextBytes; ++i) {
    uint32_t r = NextRandom(seed);
    /* Mostly digits, so that many tokens are valid numbers. */
    text[i] = r % 4 ? (uint8_t)('0' + (r >> 8) % 10)
                    : (uint8_t)kAlphabet[(r >> 8) % (sizeof(kAlphabet) - 1)];
  }
}

static void TextStep(uint32_t iteration, Digest* digest) {
  uint32_t counts[kTokenKinds] = {0};
  uint32_t transitions = 0;
  State state = kStart;
  for (int i = 0; i < kTextBytes; ++i) {
    uint8_t c = text[i];
    if (c == ',') {
      ++counts[KindOf(state)];
      state = kStart;
      continue;
    }
    State next = Next(state, c);
    transitions += next != state;
    state = next;
  }
  ++counts[KindOf(state)];
  for (int k = 0; k < kTokenKinds; ++k) Fold(digest, counts[k]);
  Fold(digest, transitions);
  for (uint32_t m = 0; m < 4; ++m) {
    uint32_t at = (iteration * 131 + m * 977) % kTextBytes;
    text[at] = (uint8_t)kAlphabet[(iteration + m) % (sizeof(kAlphabet) - 1)];
  }
}

int32_t run(int32_t n) {
  uint32_t seed = 0x600dcafe;
  Node* list = BuildList(&seed);
  FillMatrices(&seed);
  FillText(&seed);
  Digest digest = {0xffff, kMixSeed};
  for (uint32_t iteration = 0; iteration < (uint32_t)n; ++iteration) {
    list = ListStep(list, iteration, &digest);
    MatrixStep(iteration, &digest);
    TextStep(iteration, &digest);
  }
  return (int32_t)(digest.hash ^ digest.crc);
}
