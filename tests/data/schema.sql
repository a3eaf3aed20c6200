-- table _sqlite_migrations
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);

-- table analyses
CREATE TABLE "analyses" (
   "id" INTEGER PRIMARY KEY,
   "audit_id" INTEGER REFERENCES "audits"("id"),
   "url" TEXT,
   "unit_key" TEXT,
   "kind" TEXT,
   "year" INTEGER,
   "summary" TEXT
);

-- table audits
CREATE TABLE "audits" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "as_of" TEXT,
   "started_at" TEXT,
   "finished_at" TEXT,
   "status" TEXT,
   "tool_version" TEXT,
   "rules_version" TEXT,
   "verdict" TEXT
, "previous_audit_id" INTEGER, "waivers" TEXT);

-- table bodies
CREATE TABLE "bodies" (
   "sha256" TEXT PRIMARY KEY,
   "bytes" INTEGER,
   "encoding" TEXT,
   "content_type" TEXT,
   "gzip" BLOB
);

-- table columns
CREATE TABLE "columns" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "unit_key" TEXT,
   "key" TEXT,
   "parent_key" TEXT,
   "name" TEXT,
   "url" TEXT,
   "role" TEXT,
   "level" INTEGER,
   "breadcrumb" TEXT,
   "category" TEXT,
   "category_source" TEXT,
   "list_status" TEXT,
   "pages_expected" INTEGER,
   "pages_fetched" INTEGER,
   "pages_failed" INTEGER,
   "item_count" INTEGER,
   "placeholder" TEXT,
   "dialect" TEXT
, "classify_trace" TEXT, "list_copy" INTEGER);

-- table crawls
CREATE TABLE "crawls" (
   "id" INTEGER PRIMARY KEY,
   "site_url" TEXT,
   "site_name" TEXT,
   "started_at" TEXT,
   "finished_at" TEXT,
   "status" TEXT,
   "pages_fetched" INTEGER,
   "fetch_errors" INTEGER,
   "settings" TEXT,
   "tool_version" TEXT,
   "error" TEXT
, "requests" INTEGER, "not_modified" INTEGER, "reused" INTEGER);

-- table doc_relations
CREATE TABLE "doc_relations" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "from_url" TEXT,
   "to_url" TEXT,
   "relation" TEXT,
   "text" TEXT
);

-- table documents
CREATE TABLE "documents" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "url" TEXT,
   "kind" TEXT,
   "status" TEXT,
   "note" TEXT,
   "pages" INTEGER,
   "bytes" INTEGER,
   "sha256" TEXT,
   "tables" TEXT
);

-- table findings
CREATE TABLE "findings" (
   "id" INTEGER PRIMARY KEY,
   "audit_id" INTEGER REFERENCES "audits"("id"),
   "fingerprint" TEXT,
   "rule" TEXT,
   "severity" TEXT,
   "status" TEXT,
   "title" TEXT,
   "advice" TEXT,
   "unit_key" TEXT,
   "unit_name" TEXT,
   "category" TEXT,
   "column_name" TEXT,
   "column_url" TEXT,
   "url" TEXT,
   "message" TEXT,
   "basis" TEXT,
   "evidence" TEXT
, "lifecycle" TEXT);

-- table items
CREATE TABLE "items" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "unit_key" TEXT,
   "column_key" TEXT,
   "url" TEXT,
   "title" TEXT,
   "list_date" TEXT,
   "pub_date" TEXT,
   "written_date" TEXT,
   "index_no" TEXT,
   "publisher" TEXT,
   "doc_no" TEXT,
   "article_status" INTEGER,
   "attachments" INTEGER
);

-- table ledger_answers
CREATE TABLE "ledger_answers" (
   "id" INTEGER PRIMARY KEY,
   "site_url" TEXT,
   "fingerprint" TEXT,
   "measures" TEXT,
   "owner" TEXT,
   "progress" TEXT,
   "review" TEXT,
   "source_file" TEXT,
   "imported_at" TEXT
);

-- table links
CREATE TABLE "links" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "from_url" TEXT,
   "to_url" TEXT,
   "text" TEXT,
   "kind" TEXT
);

-- table messages
CREATE TABLE "messages" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "unit_key" TEXT,
   "column_key" TEXT,
   "url" TEXT,
   "title" TEXT,
   "list_asked" TEXT,
   "list_status" TEXT,
   "list_replied" TEXT,
   "detail_asked" TEXT,
   "detail_status" TEXT,
   "detail_replied" TEXT,
   "reply_unit" TEXT,
   "has_reply_text" INTEGER,
   "detail_http" INTEGER
);

-- table pages
CREATE TABLE "pages" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "url" TEXT,
   "final_url" TEXT,
   "status" INTEGER,
   "bytes" INTEGER,
   "elapsed_ms" INTEGER,
   "content_type" TEXT,
   "fetched_at" TEXT,
   "error" TEXT,
   "role" TEXT,
   "title" TEXT
, "sha256" TEXT, "answer" TEXT);

-- table resolved_findings
CREATE TABLE "resolved_findings" (
   "id" INTEGER PRIMARY KEY,
   "audit_id" INTEGER REFERENCES "audits"("id"),
   "previous_audit_id" INTEGER,
   "fingerprint" TEXT,
   "rule" TEXT,
   "severity" TEXT,
   "status" TEXT,
   "title" TEXT,
   "unit_key" TEXT,
   "unit_name" TEXT,
   "category" TEXT,
   "column_name" TEXT,
   "column_url" TEXT,
   "url" TEXT,
   "message" TEXT
);

-- table texts
CREATE TABLE "texts" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "url" TEXT,
   "kind" TEXT,
   "text" TEXT
);

-- table units
CREATE TABLE "units" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "key" TEXT,
   "name" TEXT,
   "kind" TEXT,
   "url" TEXT
, "source" TEXT, "listed_in" TEXT, "page_status" TEXT, "nav_found" INTEGER, "nav_unread" TEXT);

-- index idx__sqlite_migrations_migration_set_name
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");

-- index idx_analyses_audit_id
CREATE INDEX "idx_analyses_audit_id"
    ON "analyses" ("audit_id");

-- index idx_columns_crawl_id_key
CREATE UNIQUE INDEX "idx_columns_crawl_id_key"
    ON "columns" ("crawl_id", "key");

-- index idx_doc_relations_crawl_id_from_url
CREATE INDEX "idx_doc_relations_crawl_id_from_url"
    ON "doc_relations" ("crawl_id", "from_url");

-- index idx_documents_crawl_id_url
CREATE UNIQUE INDEX "idx_documents_crawl_id_url"
    ON "documents" ("crawl_id", "url");

-- index idx_findings_audit_id_rule
CREATE INDEX "idx_findings_audit_id_rule"
    ON "findings" ("audit_id", "rule");

-- index idx_items_crawl_id_column_key
CREATE INDEX "idx_items_crawl_id_column_key"
    ON "items" ("crawl_id", "column_key");

-- index idx_items_crawl_id_unit_key
CREATE INDEX "idx_items_crawl_id_unit_key"
    ON "items" ("crawl_id", "unit_key");

-- index idx_items_crawl_id_url
CREATE INDEX "idx_items_crawl_id_url"
    ON "items" ("crawl_id", "url");

-- index idx_items_crawl_id_written_date_pub_date_list_date
CREATE INDEX "idx_items_crawl_id_written_date_pub_date_list_date"
    ON "items" ("crawl_id", "written_date", "pub_date", "list_date");

-- index idx_ledger_answers_site_url_fingerprint
CREATE UNIQUE INDEX "idx_ledger_answers_site_url_fingerprint"
    ON "ledger_answers" ("site_url", "fingerprint");

-- index idx_links_crawl_id_from_url
CREATE INDEX "idx_links_crawl_id_from_url"
    ON "links" ("crawl_id", "from_url");

-- index idx_links_crawl_id_to_url
CREATE INDEX "idx_links_crawl_id_to_url"
    ON "links" ("crawl_id", "to_url");

-- index idx_messages_crawl_id_url
CREATE UNIQUE INDEX "idx_messages_crawl_id_url"
    ON "messages" ("crawl_id", "url");

-- index idx_pages_crawl_id_url
CREATE UNIQUE INDEX "idx_pages_crawl_id_url"
    ON "pages" ("crawl_id", "url");

-- index idx_resolved_findings_audit_id
CREATE INDEX "idx_resolved_findings_audit_id"
    ON "resolved_findings" ("audit_id");

-- index idx_texts_crawl_id_url
CREATE INDEX "idx_texts_crawl_id_url"
    ON "texts" ("crawl_id", "url");

-- index idx_units_crawl_id_key
CREATE UNIQUE INDEX "idx_units_crawl_id_key"
    ON "units" ("crawl_id", "key");

