#include "praxis/stored_doc.h"

#include <zstd.h>

#include <memory>
#include <stdexcept>

#include "praxis/case_loader.h"
#include "praxis/schema.h"

namespace praxis::schema {
namespace {

// Data: "P2" + metadata JSON. Body slot: one zstd frame of
// varint(length of the text) + text + Markdown.
constexpr std::string_view kMagic = "P2";

// zstd's default level: at 1 a build was no faster (the codec is under 1 % of
// it either way), and 3 is a few per cent smaller.
constexpr int kLevel = 3;

// A case file is at most kMaxCaseFileBytes; its text and Markdown together
// stay well under this, so a larger frame is damage, not a case.
constexpr unsigned long long kMaxBodyBytes = 8ull * kMaxCaseFileBytes;

struct CCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DCtxDeleter {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

void put_varint(std::string& out, std::size_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

bool get_varint(std::string_view& in, std::size_t& v) {
  v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (in.empty()) return false;
    const auto b = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    v |= std::size_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

std::string compress(const std::string& raw) {
  // One context per thread: creating one costs more than compressing a case.
  thread_local std::unique_ptr<ZSTD_CCtx, CCtxDeleter> ctx(ZSTD_createCCtx());
  if (!ctx) throw std::bad_alloc();
  std::string out(ZSTD_compressBound(raw.size()), '\0');
  const std::size_t n = ZSTD_compressCCtx(ctx.get(), out.data(), out.size(), raw.data(), raw.size(), kLevel);
  if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

std::optional<std::string> decompress(std::string_view frame) {
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxBodyBytes) return std::nullopt;
  thread_local std::unique_ptr<ZSTD_DCtx, DCtxDeleter> ctx(ZSTD_createDCtx());
  if (!ctx) throw std::bad_alloc();
  std::string out(static_cast<std::size_t>(size), '\0');
  const std::size_t n = ZSTD_decompressDCtx(ctx.get(), out.data(), out.size(), frame.data(), frame.size());
  if (ZSTD_isError(n) || n != out.size()) return std::nullopt;
  return out;
}

// The body slot, decompressed, split into text and Markdown (views into `raw`).
bool split_body(const std::string& raw, std::string_view& text, std::string_view& markdown) {
  std::string_view in(raw);
  std::size_t n = 0;
  if (!get_varint(in, n) || n > in.size()) return false;
  text = in.substr(0, n);
  markdown = in.substr(n);
  return true;
}

}  // namespace

void store(Xapian::Document& doc, const StoredDoc& stored) {
  std::string data(kMagic);
  data += stored.meta_json;
  doc.set_data(data);
  std::string body;
  body.reserve(stored.text.size() + stored.markdown.size() + 8);
  put_varint(body, stored.text.size());
  body += stored.text;
  body += stored.markdown;
  doc.add_value(SLOT_BODY, compress(body));
}

std::optional<std::string_view> stored_meta(std::string_view data) {
  if (!data.starts_with(kMagic)) return std::nullopt;
  data.remove_prefix(kMagic.size());
  return data;
}

std::optional<std::string> stored_text(const Xapian::Document& doc) {
  auto raw = decompress(doc.get_value(SLOT_BODY));
  std::string_view text, markdown;
  if (!raw || !split_body(*raw, text, markdown)) return std::nullopt;
  const std::size_t start = static_cast<std::size_t>(text.data() - raw->data());
  raw->resize(start + text.size());
  raw->erase(0, start);
  return raw;
}

std::optional<StoredDoc> decode_stored_doc(const Xapian::Document& doc) {
  const std::string data = doc.get_data();
  const auto meta = stored_meta(data);
  if (!meta) return std::nullopt;
  const auto raw = decompress(doc.get_value(SLOT_BODY));
  std::string_view text, markdown;
  if (!raw || !split_body(*raw, text, markdown)) return std::nullopt;
  return StoredDoc{std::string(*meta), std::string(text), std::string(markdown)};
}

}  // namespace praxis::schema
