// The catalog of the statement running on this thread. The types layer's
// regclass input ('t'::regclass) and lazily bound catalog expressions need it
// without having it passed through every call; Session sets it for the
// duration of each statement.
#pragma once

namespace upsertdb {

class Catalog;

Catalog* current_catalog();

class CurrentCatalogScope {
 public:
  explicit CurrentCatalogScope(Catalog* c);
  ~CurrentCatalogScope();
  CurrentCatalogScope(const CurrentCatalogScope&) = delete;
  CurrentCatalogScope& operator=(const CurrentCatalogScope&) = delete;

 private:
  Catalog* saved_;
};

// Installs the regclass hooks (name <-> oid through current_catalog()); idempotent.
void install_catalog_hooks();

}  // namespace upsertdb
