//! Hand-written SQL for the pages people read most.
//!
//! Every list and page query here is driven by the index that gives its
//! order and stops at the page size, whatever the planner statistics say
//! (statistics gathered while a table was small would otherwise turn a
//! lookup into a scan once it has grown):
//!
//! - the driving table is named with its index (`INDEXED BY` on SQLite);
//! - a row reached by its primary or another unique key is fetched with a
//!   scalar subquery ([`Sql::lookup`]), which SQLite answers with a direct
//!   key lookup without weighing alternatives;
//! - a join, when one is needed, goes to a table named with its index and is
//!   written `CROSS JOIN`, which SQLite never reorders.
//!
//! PostgreSQL gets the same statements with plain joins; its planner takes
//! the ordering index for a small `LIMIT`. Page sizes are written into the
//! text, not bound, so a statement is prepared once per connection.
//!
//! A statement that sorts a set bounded by one parent (the topics citing one
//! guide) says so with a `/* bounded: … */` comment; the query-plan test
//! allows a sort only there. A statement that must not read the rows of
//! some of its tables, only an index holding every column it needs (a
//! topic's 500 posts checked for visibility), names their aliases in a
//! `/* covered: … */` comment, and the test holds it to that on SQLite.

use sea_orm::{DatabaseBackend, Statement, Value};

/// A statement under construction for one backend.
pub struct Sql {
    backend: DatabaseBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: DatabaseBackend) -> Self {
        Sql { backend, text: String::with_capacity(512), values: Vec::new() }
    }

    pub fn is_sqlite(&self) -> bool {
        self.backend == DatabaseBackend::Sqlite
    }

    /// Appends SQL text.
    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    /// Appends a placeholder bound to `v`.
    pub fn bind(&mut self, v: impl Into<Value>) -> &mut Self {
        self.values.push(v.into());
        if self.backend == DatabaseBackend::Postgres {
            self.text.push('$');
            self.text.push_str(&self.values.len().to_string());
        } else {
            self.text.push('?');
        }
        self
    }

    /// Appends `(?, ?, …)` bound to `vs`.
    pub fn bind_list<V: Into<Value>>(&mut self, vs: impl IntoIterator<Item = V>) -> &mut Self {
        self.push("(");
        for (i, v) in vs.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(v);
        }
        self.push(")")
    }

    /// An integer written into the text (page sizes): never user input.
    pub fn int(&mut self, n: i64) -> &mut Self {
        self.text.push_str(&n.to_string());
        self
    }

    /// `(SELECT alias.column FROM table alias WHERE alias.key = of) AS name`:
    /// one column of the row whose unique `key` equals `of`.
    pub fn lookup(&mut self, column: &str, table: &str, key: &str, of: &str, name: &str) -> &mut Self {
        let alias = format!("{}_{name}", &table[..1]);
        self.push("(SELECT ").push(&alias).push(".").push(column).push(" FROM ").push(table).push(" ").push(&alias);
        self.push(" WHERE ").push(&alias).push(".").push(key).push(" = ").push(of).push(") AS ").push(name)
    }

    /// A join whose right side SQLite must not move before its left.
    pub fn join(&mut self) -> &mut Self {
        self.push(if self.is_sqlite() { " CROSS JOIN " } else { " JOIN " })
    }

    /// `table alias`, with the index that must drive it on SQLite.
    pub fn table(&mut self, table: &str, alias: &str, index: Option<&str>) -> &mut Self {
        self.push(table).push(" ").push(alias);
        if let (true, Some(index)) = (self.is_sqlite(), index) {
            self.push(" INDEXED BY ").push(index);
        }
        self
    }

    pub fn build(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_are_scalar_subqueries() {
        let mut q = Sql::new(DatabaseBackend::Sqlite);
        q.lookup("username", "users", "id", "t.user_id", "author");
        assert_eq!(
            q.build().sql,
            "(SELECT u_author.username FROM users u_author WHERE u_author.id = t.user_id) AS author"
        );
    }

    #[test]
    fn placeholders_and_hints_follow_the_backend() {
        let make = |backend| {
            let mut q = Sql::new(backend);
            q.push("SELECT t.id FROM ").table("topics", "t", Some("idx_topics_latest"));
            q.join().push("users u ON u.id = t.user_id WHERE t.id IN ").bind_list([1_i64, 2]);
            q.push(" AND t.title = ").bind("x").push(" LIMIT ").int(31);
            q.build().sql
        };
        assert_eq!(
            make(DatabaseBackend::Sqlite),
            "SELECT t.id FROM topics t INDEXED BY idx_topics_latest CROSS JOIN users u ON u.id = t.user_id \
             WHERE t.id IN (?, ?) AND t.title = ? LIMIT 31"
        );
        assert_eq!(
            make(DatabaseBackend::Postgres),
            "SELECT t.id FROM topics t JOIN users u ON u.id = t.user_id WHERE t.id IN ($1, $2) AND t.title = $3 LIMIT 31"
        );
    }
}
