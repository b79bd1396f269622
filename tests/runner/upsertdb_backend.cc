// UpsertDB side of the runner: the public embedded API only (include/upsertdb/upsertdb.h).
#include <upsertdb/upsertdb.h>

#include <exception>

#include "backend.h"

namespace sqltest {

namespace {

class UpsertdbBackend : public Backend {
 public:
  UpsertdbBackend() : db_(upsertdb::Database::open("")), conn_(db_->connect()) {}

  Outcome execute(const std::string& sql) override {
    try {
      upsertdb::Result r = conn_->execute(sql);
      Outcome o;
      if (r.column_count() == 0) {
        o.kind = Outcome::Kind::kCommand;
        o.command_tag = r.command_tag();
        return o;
      }
      o.kind = Outcome::Kind::kRows;
      for (const auto& c : r.columns()) {
        o.column_names.push_back(c.name);
        o.column_types.push_back(c.type_oid);
      }
      while (r.next()) {
        std::vector<std::optional<std::string>> row;
        for (size_t i = 0; i < r.column_count(); ++i) {
          if (r.is_null(i)) row.emplace_back(std::nullopt);
          else row.emplace_back(r.get_text(i));
        }
        o.rows.push_back(std::move(row));
      }
      return o;
    } catch (const upsertdb::Error& e) {
      Outcome o = Outcome::error(e.sqlstate(), e.message(), e.detail(), e.hint());
      o.schema = e.schema();
      o.table = e.table();
      o.column = e.column();
      o.constraint = e.constraint();   // UpsertDB has no domains, so never a data type field
      return o;
    } catch (const std::exception& e) {
      // Not a PostgreSQL-shaped error: show it plainly so the mismatch explains itself.
      return Outcome::error("?????", std::string("uncaught C++ exception: ") + e.what());
    }
  }

 private:
  std::unique_ptr<upsertdb::Database> db_;
  std::unique_ptr<upsertdb::Connection> conn_;
};

}  // namespace

std::unique_ptr<Backend> open_upsertdb() { return std::make_unique<UpsertdbBackend>(); }

}  // namespace sqltest
