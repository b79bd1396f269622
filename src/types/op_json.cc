// JSON operators: -> and ->> (object key or array index), jsonb || @> <@ ?.
#include <algorithm>

#include "common/error.h"
#include "types/json.h"
#include "types/numeric.h"
#include "types/op_impl.h"

namespace upsertdb::ops {

namespace {

const json::Node* lookup(const json::Node& root, const Value& key) {
  if (key.type() == TypeId::kInt4 || key.type() == TypeId::kInt8 || key.type() == TypeId::kInt2) {
    return json::array_element(root, key.as_int());
  }
  return json::object_field(root, key.as_str());
}

bool contains(const json::Node& a, const json::Node& b) {
  using K = json::Node::Kind;
  if (a.kind != b.kind) {
    // A top-level array contains a scalar that is one of its elements.
    if (a.kind == K::kArray && b.kind != K::kObject && b.kind != K::kArray) {
      return std::any_of(a.items.begin(), a.items.end(), [&](const json::Node& x) { return contains(x, b); });
    }
    return false;
  }
  switch (a.kind) {
    case K::kObject:
      for (const auto& m : b.members) {
        const json::Node* f = json::object_field(a, m.first);
        if (!f || !contains(*f, m.second)) return false;
      }
      return true;
    case K::kArray:
      for (const auto& item : b.items) {
        bool found = std::any_of(a.items.begin(), a.items.end(), [&](const json::Node& x) {
          if (x.kind != item.kind && !(x.kind == K::kArray && item.kind != K::kObject && item.kind != K::kArray)) return false;
          return (x.kind == K::kArray || x.kind == K::kObject) ? contains(x, item) : contains(x, item);
        });
        if (!found) return false;
      }
      return true;
    case K::kNumber: return Numeric::parse(a.text).compare(Numeric::parse(b.text)) == 0;
    case K::kBool: return a.boolean == b.boolean;
    case K::kString: return a.text == b.text;
    case K::kNull: return true;
  }
  return false;
}

}  // namespace

Value json_field(const Value& a, const Value& b) {
  bool jsonb = a.type() == TypeId::kJsonb;
  json::Node root = json::parse(a.as_str(), jsonb);
  const json::Node* n = lookup(root, b);
  if (!n) return Value::null(a.type());
  std::string s = json::serialize(*n);
  return jsonb ? Value::jsonb(std::move(s)) : Value::json(std::move(s));
}

Value json_field_text(const Value& a, const Value& b) {
  json::Node root = json::parse(a.as_str(), a.type() == TypeId::kJsonb);
  const json::Node* n = lookup(root, b);
  if (!n || n->kind == json::Node::Kind::kNull) return Value::null(TypeId::kText);
  return Value::text(json::as_text(*n));
}

Value jsonb_concat(const Value& a, const Value& b) {
  json::Node x = json::parse(a.as_str(), true), y = json::parse(b.as_str(), true);
  using K = json::Node::Kind;
  json::Node r;
  if (x.kind == K::kObject && y.kind == K::kObject) {
    r = x;
    for (auto& m : y.members) r.members.push_back(m);
    json::canonicalize(r);
  } else {
    r.kind = K::kArray;
    auto append = [&](json::Node& n) {
      if (n.kind == K::kArray) {
        for (auto& i : n.items) r.items.push_back(i);
      } else {
        r.items.push_back(n);
      }
    };
    append(x);
    append(y);
  }
  return Value::jsonb(json::serialize(r));
}

Value jsonb_contains(const Value& a, const Value& b) {
  return Value::boolean(contains(json::parse(a.as_str(), true), json::parse(b.as_str(), true)));
}
Value jsonb_contained(const Value& a, const Value& b) { return jsonb_contains(b, a); }

Value jsonb_exists(const Value& a, const Value& b) {
  json::Node n = json::parse(a.as_str(), true);
  using K = json::Node::Kind;
  if (n.kind == K::kObject) return Value::boolean(json::object_field(n, b.as_str()) != nullptr);
  if (n.kind == K::kArray) {
    return Value::boolean(std::any_of(n.items.begin(), n.items.end(), [&](const json::Node& i) {
      return i.kind == K::kString && i.text == b.as_str();
    }));
  }
  return Value::boolean(n.kind == K::kString && n.text == b.as_str());
}

}  // namespace upsertdb::ops
