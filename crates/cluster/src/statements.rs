//! Statements prepared once per connection and reused by every transaction
//! on it.
//!
//! Linking a page runs about thirty statements. Sent as text, each costs two
//! round trips (prepare, then execute); prepared once, one. With PostgreSQL
//! on another host that is most of a page's linking time, and linking is the
//! one step that runs one page at a time across the whole cluster.
//! Protocol-level prepared statements belong to the session, not to a
//! transaction, so they survive commits and rollbacks.

use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{Row, Statement, Transaction};

use crate::ClusterError;

/// The prepared statements of one connection, by their SQL.
#[derive(Default)]
pub struct Statements(HashMap<&'static str, Statement>);

/// A transaction that prepares each statement once per connection.
pub struct CachedTx<'a, 'conn> {
    tx: &'a mut Transaction<'conn>,
    statements: &'a mut Statements,
}

type Params<'p> = [&'p (dyn ToSql + Sync)];

impl<'a, 'conn> CachedTx<'a, 'conn> {
    pub fn new(tx: &'a mut Transaction<'conn>, statements: &'a mut Statements) -> Self {
        CachedTx { tx, statements }
    }

    fn statement(&mut self, sql: &'static str) -> Result<Statement, ClusterError> {
        if let Some(statement) = self.statements.0.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.tx.prepare(sql)?;
        self.statements.0.insert(sql, statement.clone());
        Ok(statement)
    }

    pub fn execute(&mut self, sql: &'static str, params: &Params<'_>) -> Result<u64, ClusterError> {
        let statement = self.statement(sql)?;
        Ok(self.tx.execute(&statement, params)?)
    }

    pub fn query(
        &mut self,
        sql: &'static str,
        params: &Params<'_>,
    ) -> Result<Vec<Row>, ClusterError> {
        let statement = self.statement(sql)?;
        Ok(self.tx.query(&statement, params)?)
    }

    pub fn query_opt(
        &mut self,
        sql: &'static str,
        params: &Params<'_>,
    ) -> Result<Option<Row>, ClusterError> {
        let statement = self.statement(sql)?;
        Ok(self.tx.query_opt(&statement, params)?)
    }

    pub fn query_one(
        &mut self,
        sql: &'static str,
        params: &Params<'_>,
    ) -> Result<Row, ClusterError> {
        let statement = self.statement(sql)?;
        Ok(self.tx.query_one(&statement, params)?)
    }
}
