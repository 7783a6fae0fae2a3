#include "site.h"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <system_error>

#include <xapian.h>

#include "praxis/case_loader.h"
#include "praxis/document_builder.h"
#include "praxis/schema.h"
#include "praxis/searchd/api.h"
#include "praxis/searchd/options.h"
#include "praxis/searchd/router.h"
#include "praxis/searchd/searcher_pool.h"
#include "praxis/taxonomy.h"
#if PRAXIS_FUZZ_WITH_WEB
#include "web/web_routes.h"
#endif
#if PRAXIS_FUZZ_WITH_MIRROR
#include "praxis/mirror/keys.h"
#include "praxis/mirror/mirror_routes.h"
#include "praxis/mirror/origin_service.h"
#endif

namespace praxis::fuzz {

namespace fs = std::filesystem;

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A fresh folder under $TMPDIR (or /tmp), removed with its contents.
class TempFolder {
 public:
  TempFolder() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/praxis-fuzz-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

std::string decode_url(std::string_view s, bool plus) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += plus && c == '+' ? ' ' : c;
  }
  return out;
}

searchd::Request parse_target(std::string_view target) {
  searchd::Request r;
  const std::size_t q = target.find('?');
  r.path = decode_url(target.substr(0, q), false);
  if (q == std::string_view::npos) return r;
  std::string_view rest = target.substr(q + 1);
  const std::size_t hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const std::size_t eq = pair.find('=');
    const std::string key = decode_url(pair.substr(0, eq), true);
    // cpp-httplib drops a pair without a name.
    if (!key.empty())
      r.params.emplace(key, eq == std::string_view::npos ? std::string() : decode_url(pair.substr(eq + 1), true));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return r;
}

struct Site::Impl {
  TempFolder temp;
  std::unique_ptr<Taxonomy> taxonomy;
  searchd::Options options;
  std::unique_ptr<searchd::SearcherPool> pool;
  std::unique_ptr<searchd::Service> service;
  searchd::Router router;
  std::vector<std::string> ids;
  fs::path mirror_content;
#if PRAXIS_FUZZ_WITH_WEB
  std::unique_ptr<web::WebService> web;
#endif
#if PRAXIS_FUZZ_WITH_MIRROR
  std::unique_ptr<mirror::OriginService> origin;
#endif
};

Site::Site(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Site::~Site() = default;

Result<std::unique_ptr<Site>> Site::build(const SiteOptions& options) {
  auto d = std::make_unique<Impl>();
  if (d->temp.path().empty()) return Status::IoError("cannot make a temporary folder");
  auto taxonomy = Taxonomy::load(options.source_dir / "content" / "taxonomy.yaml");
  if (!taxonomy.ok()) return taxonomy.status();
  d->taxonomy = std::make_unique<Taxonomy>(std::move(taxonomy).value());

  // The index, exactly as praxis-indexer writes it (plus a spelling table).
  const fs::path index_dir = d->temp.path() / "index";
  d->mirror_content = d->temp.path() / "mirror-content";
  try {
    Xapian::WritableDatabase db(index_dir.string(), Xapian::DB_CREATE);
    DocumentBuilder builder;
    for (const auto& folder : options.case_folders) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(folder))
        if (e.is_regular_file() && e.path().extension() == ".md") files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        const std::string rel = "cases/" + file.filename().string();
        LoadedCase loaded = load_case_file(file, rel, *d->taxonomy);
        if (!loaded.ok()) {
          std::string why = file.string() + " does not load";
          for (const auto& f : loaded.findings) why += "\n  " + format_finding(f);
          return Status::InvalidArgument(why);
        }
        loaded.study->path = rel;
        loaded.study->origin = "local";
        Xapian::Document doc = builder.build(*loaded.study, "stamp");
        db.replace_document(schema::id_term(loaded.study->id), doc);
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
          if (!(*t).empty() && !((*t)[0] >= 'A' && (*t)[0] <= 'Z')) db.add_spelling(*t);
        d->ids.push_back(loaded.study->id);
        fs::create_directories(d->mirror_content / "cases");
        fs::copy_file(file, d->mirror_content / rel, fs::copy_options::overwrite_existing);
      }
    }
    db.set_metadata(schema::kSchemaVersionKey, std::to_string(schema::kSchemaVersion));
    db.commit();
  } catch (const Xapian::Error& e) {
    return Status::IoError("cannot build the index: " + e.get_description());
  } catch (const fs::filesystem_error& e) {
    return Status::IoError(e.what());
  }

  d->options.indexes = {index_dir};
  d->options.theme = options.source_dir / "themes" / "default";
  d->options.access_log = false;
  d->options.reopen_interval = std::chrono::hours(1);
  d->pool = std::make_unique<searchd::SearcherPool>(d->options.indexes, d->options.reopen_interval,
                                                    QueryLimits{d->options.max_query_bytes, d->options.max_query_words});
  if (Status st = d->pool->warm_up(); !st.ok()) return st;
  d->service = std::make_unique<searchd::Service>(d->options, d->taxonomy.get(), *d->pool);
  searchd::add_api_routes(d->router, *d->service);
#if PRAXIS_FUZZ_WITH_WEB
  auto theme = web::Theme::load(d->options.theme);
  if (!theme.ok()) return theme.status();
  d->web = std::make_unique<web::WebService>(web::WebService{theme.value(), *d->service});
  web::add_web_routes(d->router, *d->web);
  const web::WebService* w = d->web.get();
  d->router.set_fallback([w](const searchd::Request& r) { return web::handle_not_found(*w, r); });
#endif
#if PRAXIS_FUZZ_WITH_MIRROR
  mirror::OriginOptions mo;
  mo.content = d->mirror_content;
  mo.origin_name = "fuzz";
  mo.state_dir = d->temp.path() / "origin-state";
  mo.recheck_interval = std::chrono::hours(1);
  mo.log = [](std::string_view) {};
  auto origin = mirror::OriginService::open(std::move(mo), mirror::generate_key_pair().secret_key);
  if (!origin.ok()) return origin.status();
  d->origin = std::move(origin).value();
  mirror::add_mirror_routes(d->router, *d->origin);
#endif
  return std::unique_ptr<Site>(new Site(std::move(d)));
}

searchd::Response Site::get(std::string_view target, std::string_view accept_language,
                            std::string_view if_none_match) const {
  searchd::Request r = parse_target(target);
  r.accept_language = std::string(accept_language);
  r.if_none_match = std::string(if_none_match);
  return impl_->router.dispatch(r).response;
}

bool Site::has_web() const {
#if PRAXIS_FUZZ_WITH_WEB
  return true;
#else
  return false;
#endif
}

bool Site::has_mirror() const {
#if PRAXIS_FUZZ_WITH_MIRROR
  return true;
#else
  return false;
#endif
}

const std::vector<std::string>& Site::case_ids() const { return impl_->ids; }
const fs::path& Site::mirror_content() const { return impl_->mirror_content; }

}  // namespace praxis::fuzz
