//! The data dictionary: what each output column means. It travels with
//! the data (as the description of each Parquet field, and from
//! `gongkai schema`), so that a dataset published from gongkai explains
//! itself. A column shared by several outputs means the same in each.

use super::schema::{ColumnType, Output, OUTPUTS};

/// What the column `name` holds. Every column of every output has an
/// entry (a test checks it), so a new column cannot ship undescribed.
pub fn describe(name: &str) -> Option<&'static str> {
    Some(match name {
        "doc" => "the input file's base name",
        "doc_id" => "first 16 hex digits of the SHA-256 of the file's bytes",
        "path" => "the input file's path as the run was given it",
        "format" => "pdf, text or html, as read from the file's bytes",
        "pages" => "PDF page count; null for text",
        "unit" => "reporting unit (单位：/编制单位：) of the table, else of the document",
        "year" => "fiscal year",
        "report" => "决算 (final accounts) or 预算 (budget)",
        "table_no" => "1-based number of the table within its document; joins records, tables and findings",
        "table_code" => "the table's label as printed, whitespace removed (公开01表, 表一); null if it has none",
        "table_kind" => "stable id of the standard table kind (income_expense_summary, expenditure, …); null if not one of them",
        "table_title" => "the table's title as printed",
        "block" => "1-based block of a table printed side by side (1 = 收入, 2 = 支出 …), else 1",
        "row_no" => "1-based data row within the table, after joining continuations",
        "budget_unit" => "the reporting unit a row stands under, where a table lists several units (预算单位 column or unit subtotal rows)",
        "econ_code_gov" => "政府预算支出经济分类 code the row prints (e.g. 501 or 50101), beside its function code",
        "econ_code_dept" => "部门预算支出经济分类 code the row prints (e.g. 301 or 30101), beside its function code",
        "item_code" => "full function classification code (科目编码) of the row, rebuilt where split or abbreviated",
        "line_no" => "行次 of the row as printed",
        "item_name" => "科目名称 / 项目 of the row, whitespace-normalised, wrapped lines joined",
        "column_no" => "栏次 above the value, else the 1-based value column within its block",
        "column_name" => "full header path of the value column, levels joined by /",
        "value" => "the amount as printed, in amount_unit, thousand separators removed",
        "value_yuan" => "the amount in 元: value × 10,000 for 万元 tables (× 1,000 for 千元, × 1 for 元), exact",
        "amount_unit" => "the unit the table prints its amounts in: 元, 千元, 万元 or 亿元",
        "page" => "1-based PDF page of the row; null for text",
        "tables" => "number of tables found in the document",
        "is_report" => "whether the file is a budget or final-accounts report (not a notice, a list, a 绩效-only file)",
        "kinds" => "how many of the nine standard tables were found, e.g. 7/9 (the missing ones are named in message)",
        "records" => "number of records (value cells) of the document or table",
        "status" => "ok, encrypted, no-text-layer, corrupt, empty, not-pdf, no-tables or error",
        "message" => "what went wrong or what a reader should know, in plain words",
        "part" => "part heading (第一部分 …) the section is in",
        "section" => "section number as printed (一、 …); null where there is none",
        "title" => "section title",
        "text" => "section text",
        "header_rows" => "number of header rows of the table",
        "data_rows" => "number of data rows of the table",
        "empty" => "whether the table was printed without any value",
        "notes" => "the table's 注： notes",
        "check" => "the arithmetic check that failed (parent_sum, total_row, …)",
        "row" => "the row the finding is about (its key)",
        "column" => "the column the finding is about (its header path)",
        "expected" => "the figure the check expected",
        "actual" => "the figure printed",
        "diff" => "actual − expected",
        "severity" => "tail (within the rounding tail the reports admit) or error",
        _ => return None,
    })
}

/// The dictionary of every output as JSON: per output, its columns with
/// their types and descriptions; with `jsonl`, a JSON Schema of one line
/// of each output's JSONL file instead.
pub fn json(jsonl: bool, version: &str) -> serde_json::Value {
    let outputs: serde_json::Map<String, serde_json::Value> = OUTPUTS
        .iter()
        .map(|&o| {
            let value = if jsonl { json_schema(o) } else { columns(o) };
            (o.name().to_string(), value)
        })
        .collect();
    serde_json::json!({ "gongkai": version, "outputs": outputs })
}

fn columns(output: Output) -> serde_json::Value {
    let columns: Vec<serde_json::Value> = output
        .schema()
        .columns
        .iter()
        .map(|&(name, ty)| {
            serde_json::json!({
                "name": name,
                "type": type_name(ty),
                "nullable": true,
                "description": describe(name).unwrap_or_default(),
            })
        })
        .collect();
    serde_json::json!({
        "file": format!("{}.csv / .jsonl / .parquet", output.name()),
        "columns": columns,
    })
}

fn type_name(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Text => "text",
        ColumnType::Int => "int64",
        ColumnType::Decimal => "decimal(38,6)",
        ColumnType::Bool => "bool",
    }
}

fn json_schema(output: Output) -> serde_json::Value {
    let properties: serde_json::Map<String, serde_json::Value> = output
        .schema()
        .columns
        .iter()
        .map(|&(name, ty)| {
            let json_type = match ty {
                ColumnType::Text => "string",
                ColumnType::Int => "integer",
                ColumnType::Decimal => "number",
                ColumnType::Bool => "boolean",
            };
            let property = serde_json::json!({
                "type": [json_type, "null"],
                "description": describe(name).unwrap_or_default(),
            });
            (name.to_string(), property)
        })
        .collect();
    let names: Vec<&str> = output.schema().names();
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("one line of {}.jsonl", output.name()),
        "type": "object",
        "properties": properties,
        "required": names,
        "additionalProperties": false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_every_output_is_described() {
        for output in OUTPUTS {
            for name in output.schema().names() {
                assert!(
                    describe(name).is_some(),
                    "{}.{name} has no description",
                    output.name()
                );
            }
        }
    }

    #[test]
    fn the_json_schema_lists_every_column_as_required() {
        let schema = json_schema(Output::Records);
        let required = schema["required"].as_array().unwrap();
        assert_eq!(required.len(), Output::Records.schema().columns.len());
        assert_eq!(
            schema["properties"]["value_yuan"]["type"],
            serde_json::json!(["number", "null"])
        );
    }
}
