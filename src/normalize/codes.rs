//! Full classification codes (科目编码) rebuilt from how reports print them:
//! whole (2080505), split over 类/款/项 columns (208 | 05 | 05), or only
//! their last digits under a parent row (208, then 05, then 05).

use rust_decimal::Decimal;

use super::columns::CodePart;
use crate::text::squash;

/// The codes seen so far in one block, from which a partial code is
/// completed. Levels are 3 (类), 5 (款) and 7 (项) digits long.
#[derive(Debug, Default)]
pub struct CodeContext {
    class: Option<String>,
    kuan: Option<String>,
    /// The last code completed, to tell a 款 from a 项 when both print as
    /// two digits.
    last: Option<String>,
    /// The amount of the current 款 and the sum of its 项 so far: once they
    /// agree, the 款 is complete and a two-digit code is the next 款.
    kuan_amount: Option<Decimal>,
    items_sum: Decimal,
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

impl CodeContext {
    /// The full code of a row from its code cells; `None` when the row has
    /// no code (a 合计 row, a name printed in the code column).
    pub fn code(&mut self, parts: &[(CodePart, &str)]) -> Option<String> {
        self.code_with_amount(parts, None)
    }

    /// As [`CodeContext::code`], with the row's first amount (blank is
    /// zero): it tells a 款 printed after a 项 row from one more 项.
    pub fn code_with_amount(
        &mut self,
        parts: &[(CodePart, &str)],
        amount: Option<Decimal>,
    ) -> Option<String> {
        let code = if parts.iter().any(|(p, _)| *p != CodePart::Whole) {
            self.join_split(parts)?
        } else {
            let whole = parts
                .iter()
                .map(|(_, t)| squash(t))
                .find(|t| !t.is_empty())?;
            if !is_digits(&whole) {
                return None;
            }
            self.complete(whole, amount)
        };
        self.remember(&code, amount);
        Some(code)
    }

    fn join_split(&self, parts: &[(CodePart, &str)]) -> Option<String> {
        let get = |want: CodePart| {
            parts
                .iter()
                .filter(|(p, _)| *p == want)
                .map(|(_, t)| squash(t))
                .find(|t| is_digits(t))
        };
        let (class, kuan, xiang) = (
            get(CodePart::Class),
            get(CodePart::Kuan),
            get(CodePart::Xiang),
        );
        if class.is_none() && kuan.is_none() && xiang.is_none() {
            return None;
        }
        let class = class.or_else(|| self.class.clone())?;
        let mut code = class;
        match (kuan, xiang) {
            (Some(k), Some(x)) => code = format!("{code}{k}{x}"),
            (Some(k), None) => code = format!("{code}{k}"),
            (None, Some(x)) => {
                let kuan = self.kuan.clone()?;
                code = format!("{kuan}{x}");
            }
            (None, None) => {}
        }
        Some(code)
    }

    /// Complete a code printed without its parent's digits.
    fn complete(&self, code: String, amount: Option<Decimal>) -> String {
        if code.len() != 2 {
            return code;
        }
        let under_kuan = || self.kuan.as_ref().map(|k| format!("{k}{code}"));
        let under_class = || self.class.as_ref().map(|c| format!("{c}{code}"));
        let built = match self.last.as_ref().map(String::len) {
            Some(3) => under_class(),
            Some(5) => under_kuan(),
            Some(7) => {
                let last_item = &self.last.as_ref().expect("checked")[5..];
                let kuan_complete = self.kuan_amount.is_some_and(|k| k == self.items_sum)
                    && amount.is_some_and(|a| !a.is_zero());
                if code.as_str() > last_item && !kuan_complete {
                    under_kuan()
                } else {
                    under_class()
                }
            }
            _ => None,
        };
        built.unwrap_or(code)
    }

    fn remember(&mut self, code: &str, amount: Option<Decimal>) {
        match code.len() {
            3 => {
                self.class = Some(code.to_string());
                self.kuan = None;
                self.kuan_amount = None;
            }
            5 => {
                self.class = Some(code[..3].to_string());
                self.kuan = Some(code.to_string());
                self.kuan_amount = amount;
                self.items_sum = Decimal::ZERO;
            }
            7 => {
                self.class = Some(code[..3].to_string());
                if self.kuan.as_deref() != Some(&code[..5]) {
                    self.kuan_amount = None;
                }
                self.kuan = Some(code[..5].to_string());
                self.items_sum += amount.unwrap_or_default();
            }
            _ => {}
        }
        self.last = Some(code.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(ctx: &mut CodeContext, code: &str) -> Option<String> {
        ctx.code(&[(CodePart::Whole, code)])
    }

    #[test]
    fn split_columns() {
        let mut ctx = CodeContext::default();
        let split = |c: &str, k: &str, x: &str| {
            [
                (CodePart::Class, c.to_string()),
                (CodePart::Kuan, k.to_string()),
                (CodePart::Xiang, x.to_string()),
            ]
        };
        let mut run = |c: &str, k: &str, x: &str| {
            let s = split(c, k, x);
            let parts: Vec<(CodePart, &str)> = s.iter().map(|(p, t)| (*p, t.as_str())).collect();
            ctx.code(&parts)
        };
        assert_eq!(run("201", "", "").as_deref(), Some("201"));
        assert_eq!(run("201", "06", "").as_deref(), Some("20106"));
        assert_eq!(run("201", "06", "01").as_deref(), Some("2010601"));
        assert_eq!(run("", "", "02").as_deref(), Some("2010602"));
        assert_eq!(run("", "", "").as_deref(), None);
    }

    #[test]
    fn trailing_digits_under_a_parent() {
        let mut ctx = CodeContext::default();
        let got: Vec<String> = ["208", "05", "05", "99", "2101102", "03"]
            .iter()
            .filter_map(|c| whole(&mut ctx, c))
            .collect();
        assert_eq!(
            got,
            ["208", "20805", "2080505", "2080599", "2101102", "2101103"]
        );
    }

    #[test]
    fn a_kuan_after_its_last_item() {
        let mut ctx = CodeContext::default();
        let mut run = |code: &str, amount: i64| {
            ctx.code_with_amount(&[(CodePart::Whole, code)], Some(Decimal::new(amount, 2)))
        };
        assert_eq!(run("208", 900).as_deref(), Some("208"));
        assert_eq!(run("01", 300).as_deref(), Some("20801"));
        assert_eq!(run("01", 100).as_deref(), Some("2080101"));
        assert_eq!(run("02", 200).as_deref(), Some("2080102"));
        // 20801 is complete (100 + 200 = 300): 05 is the next 款.
        assert_eq!(run("05", 600).as_deref(), Some("20805"));
        assert_eq!(run("05", 600).as_deref(), Some("2080505"));
    }

    #[test]
    fn a_name_is_not_a_code() {
        let mut ctx = CodeContext::default();
        assert_eq!(whole(&mut ctx, "合计"), None);
    }
}
