//! Datetimes written by localstack-persist's `isoformat` handler and UUIDs written by
//! jsonpickle's UUID handler, turned into what a pickle of the same value holds, so both
//! formats present them alike.

use super::build::Builder;
use crate::formats::json::parse::JId;
use crate::formats::pyobj::{Construct, ObjId, PyValue, Src};

impl Builder<'_> {
    /// An ISO text as the call a pickle makes for the same value:
    /// `datetime.datetime(<10 state bytes>[, timezone(timedelta(0, offset))])`, `datetime.date(<4 bytes>)`.
    pub(super) fn iso_datetime(
        &mut self,
        class_name: &str,
        cls: ObjId,
        iso: &str,
        at: JId,
    ) -> Option<PyValue> {
        let (date, rest) = iso.split_at_checked(10)?;
        let mut d = date.split('-').map(|p| p.parse::<u32>().ok());
        let (y, mo, day) = (d.next()??, d.next()??, d.next()??);
        let mut bytes = vec![(y >> 8) as u8, (y & 255) as u8, mo as u8, day as u8];
        let mut tz = None;
        match class_name {
            "datetime.date" if rest.is_empty() => {}
            "datetime.datetime" => {
                let t = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
                let (clock, offset) = match t.find(['+', '-', 'Z']) {
                    Some(i) => (&t[..i], Some(&t[i..])),
                    None => (t, None),
                };
                let (hms, frac) = clock.split_once('.').unwrap_or((clock, ""));
                let mut h = hms.split(':').map(|p| p.parse::<u32>().ok());
                let (hh, mm, ss) = (h.next()??, h.next()??, h.next().flatten().unwrap_or(0));
                let us: u32 =
                    if frac.is_empty() { 0 } else { format!("{frac:0<6}")[..6].parse().ok()? };
                bytes.extend([
                    hh as u8,
                    mm as u8,
                    ss as u8,
                    (us >> 16) as u8,
                    (us >> 8 & 255) as u8,
                    (us & 255) as u8,
                ]);
                if let Some(off) = offset {
                    let secs: i64 = if off == "Z" {
                        0
                    } else {
                        let sign = if off.starts_with('-') { -1 } else { 1 };
                        let (oh, om) = off[1..].split_once(':')?;
                        sign * (oh.parse::<i64>().ok()? * 3600 + om.parse::<i64>().ok()? * 60)
                    };
                    let delta_cls = self.global("datetime.timedelta");
                    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
                    let delta_args = vec![
                        self.add(PyValue::Int(days), Src::None),
                        self.add(PyValue::Int(rem), Src::None),
                        self.add(PyValue::Int(0), Src::None),
                    ];
                    let delta = self.add(
                        PyValue::object(Construct::Reduce, delta_cls, delta_args, None, None),
                        Src::None,
                    );
                    let tz_cls = self.global("datetime.timezone");
                    tz = Some(self.add(
                        PyValue::object(Construct::Reduce, tz_cls, vec![delta], None, None),
                        Src::None,
                    ));
                }
            }
            _ => return None,
        }
        let mut args = vec![self.add(PyValue::Bytes(bytes), self.src(at))];
        args.extend(tz);
        Some(PyValue::object(Construct::Reduce, cls, args, None, None))
    }

    /// A UUID's hex text as a pickle holds the value: a `uuid.UUID` whose state is `{"int": n}`.
    pub(super) fn uuid(&mut self, cls: ObjId, hex: &str, at: JId) -> Option<PyValue> {
        let hex: String = hex.chars().filter(|c| *c != '-').collect();
        let n = u128::from_str_radix(&hex, 16).ok().filter(|_| hex.len() == 32)?;
        let key = self.add(PyValue::Str("int".into()), Src::None);
        let value = match i64::try_from(n) {
            Ok(i) => PyValue::Int(i),
            Err(_) => PyValue::Long(n.to_string()),
        };
        let value = self.add(value, self.src(at));
        let state = self.add(PyValue::Dict(vec![(key, value)]), Src::None);
        Some(PyValue::object(Construct::NewObj, cls, Vec::new(), None, Some(state)))
    }
}
