//! Views chosen and rendered on real-ish values: an SQS message body, a base64 gzip blob, a
//! Lambda code zip, a PNG header, SVG, epoch numbers; and malformed or hostile input.

use std::io::Write;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::*;

const BODY: &str = r#"{"order_id": 7, "items": [{"sku": "SKU-102", "qty": 2}], "total": 19.99}"#;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

const HANDLER: &str = "def handler(event, context):\n    return {\"statusCode\": 200}\n";

fn lambda_zip() -> Vec<u8> {
    use ::zip::write::SimpleFileOptions;
    let mut w = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated =
        SimpleFileOptions::default().compression_method(::zip::CompressionMethod::Deflated);
    w.add_directory("lib/", deflated).unwrap();
    w.start_file("index.py", deflated).unwrap();
    w.write_all(HANDLER.as_bytes()).unwrap();
    w.start_file("lib/zeros.bin", deflated).unwrap();
    w.write_all(&vec![0u8; 8 << 20]).unwrap();
    w.finish().unwrap().into_inner()
}

fn png_header() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    b.extend(2u32.to_be_bytes());
    b.extend(3u32.to_be_bytes());
    b.extend([8, 6, 0, 0, 0]);
    b
}

fn text_of(r: &Rendered) -> &str {
    match &r.content {
        Content::Text(lines) => lines.text(),
        Content::Json { pretty, .. } | Content::Xml { pretty, .. } => pretty.text(),
        other => panic!("not text: {other:?}"),
    }
}

const SMALL: Limits = Limits { max_output: 1 << 20 };

#[test]
fn sqs_message_body_is_json() {
    let v = Value::Str(BODY.into());
    let views = views(&v);
    assert_eq!(views, [View::plain(Show::Json), View::plain(Show::Text), View::plain(Show::Hex)]);
    let r = render(&v, &views[0]).unwrap();
    let Content::Json { tree, pretty, source } = &r.content else { panic!("{r:?}") };
    assert_eq!(source, BODY);
    assert_eq!(pretty.row(1), (Some(2), "  \"order_id\": 7,"));
    let sku = tree.resolve("/items/0/sku").unwrap();
    assert_eq!(tree.node(sku).value, Value::Str("SKU-102".into()));
    assert_eq!(copy_text(&r), BODY);
    assert!(r.notes.is_empty());
}

#[test]
fn base64_gzip_json_is_a_chain() {
    let v = Value::Str(STANDARD.encode(gzip(BODY.as_bytes())));
    let views = views(&v);
    let best = &views[0];
    assert_eq!(best.steps, [Step::Base64, Step::Gzip]);
    assert_eq!(best.to_string(), "base64 → gzip → JSON");
    assert!(views.contains(&View { steps: vec![Step::Base64, Step::Gzip], show: Show::Text }));
    assert_eq!(views.last(), Some(&View::plain(Show::Hex)));
    let r = render(&v, best).unwrap();
    assert!(text_of(&r).contains("\"sku\": \"SKU-102\""));
    assert_eq!(copy_text(&r), BODY);
    // Bytes holding gzip go straight to it.
    let bytes = Value::Bytes(gzip(b"plain words\nsecond line"));
    let views = super::views(&bytes);
    assert_eq!(views[0], View { steps: vec![Step::Gzip], show: Show::Text });
    let r = render(&bytes, &views[0]).unwrap();
    let Content::Text(lines) = &r.content else { panic!() };
    assert_eq!((lines.len(), lines.row(1)), (2, (Some(2), "second line")));
}

#[test]
fn base64_text_and_random_keys() {
    let v = Value::Str("SGVsbG8sIHdvcmxkIQ==".into());
    assert_eq!(views(&v)[0], View { steps: vec![Step::Base64], show: Show::Text });
    assert_eq!(copy_text(&render(&v, &views(&v)[0]).unwrap()), "Hello, world!");
    // Random bytes in base64 are offered as hex, after the text itself.
    let key = Value::Str(STANDARD.encode([0x00, 0xff, 0x10, 0x80, 0x7f, 0x91, 0xc3, 0x28, 0x01]));
    let views = super::views(&key);
    assert_eq!(views[0], View::plain(Show::Text));
    assert!(views.contains(&View { steps: vec![Step::Base64], show: Show::Hex }), "{views:?}");
    // Words and numbers are not base64.
    for s in ["localstack", "orders-dlq", "1733000000", "hello world"] {
        assert!(views_all_plain(&Value::Str(s.into())), "{s}");
    }
}

/// IAM's policy documents as LocalStack keeps them (`urllib.parse.quote` of the JSON).
#[test]
fn url_encoded_json_is_decoded() {
    let doc = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}"#;
    let v = Value::Str("%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%5B%7B%22Effect%22%3A%20%22Allow%22%2C%20%22Action%22%3A%20%22s3%3AGetObject%22%7D%5D%7D".into());
    let views = views(&v);
    assert_eq!(views[0].to_string(), "URL-encoded → JSON");
    assert_eq!(copy_text(&render(&v, &views[0]).unwrap()), doc);
    // A percent sign in prose, a path with one escape: left as they are.
    for s in ["100% done", "a%20b", "/dir/file%2Ename"] {
        assert!(views_all_plain(&Value::Str(s.into())), "{s}");
    }
}

fn views_all_plain(v: &Value) -> bool {
    views(v).iter().all(|view| view.steps.is_empty())
}

#[test]
fn lambda_code_zip_is_listed_and_entries_open() {
    let v = Value::Bytes(lambda_zip());
    let views = views(&v);
    assert_eq!(views, [View::plain(Show::Zip), View::plain(Show::Hex)]);
    let r = render(&v, &views[0]).unwrap();
    let Content::Zip(entries) = &r.content else { panic!("{r:?}") };
    let names: Vec<_> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["lib/", "index.py", "lib/zeros.bin"]);
    assert!(entries[0].is_dir);
    assert_eq!(entries[1].size, HANDLER.len() as u64);
    assert!(entries[2].compressed_size < entries[2].size / 100);
    assert!(entries[1].modified.is_some());
    // The 8 MiB of zeros is pointed out as zip-bomb-like.
    assert!(r.notes.iter().any(|n| n.contains("lib/zeros.bin expands")), "{:?}", r.notes);
    assert!(copy_text(&r).contains(&format!("index.py\t{}\t", HANDLER.len())));
    let entry = entry_views(&v, &views[0], 1, Limits::default());
    assert_eq!(entry[0], View { steps: vec![Step::ZipEntry(1)], show: Show::Text });
    assert_eq!(entry[0].to_string(), "zip entry 2 → Text");
    let code = render(&v, &entry[0]).unwrap();
    assert_eq!(text_of(&code), HANDLER);
    // Opening the bomb stops at the limit and says so.
    let zeros = View { steps: vec![Step::ZipEntry(2)], show: Show::Hex };
    let r = render_with(&v, &zeros, SMALL).unwrap();
    let Content::Hex(bytes) = &r.content else { panic!() };
    assert_eq!(bytes.len(), 1 << 20);
    assert!(r.notes.iter().any(|n| n.contains("more than 1.0 MiB")), "{:?}", r.notes);
    // Lambda's ZipFile parameter is the archive in base64.
    let b64 = Value::Str(STANDARD.encode(lambda_zip()));
    assert_eq!(super::views(&b64)[0], View { steps: vec![Step::Base64], show: Show::Zip });
}

#[test]
fn pictures_by_signature_and_svg_by_root() {
    let v = Value::Bytes(png_header());
    let views = views(&v);
    assert_eq!(views, [View::plain(Show::Image(ImageKind::Png)), View::plain(Show::Hex)]);
    let r = render(&v, &views[0]).unwrap();
    let Content::Image { kind, size, .. } = &r.content else { panic!() };
    assert_eq!((*kind, *size), (ImageKind::Png, Some((2, 3))));
    assert!(copy_text(&r).starts_with("data:image/png;base64,iVBORw0KGgo"));
    let gif = Value::Bytes(b"GIF89a\x05\x00\x07\x00".to_vec());
    let r = render(&gif, &views_with(&gif, Limits::default())[0]).unwrap();
    assert!(matches!(r.content, Content::Image { kind: ImageKind::Gif, size: Some((5, 7)), .. }));
    let jpeg =
        [&[0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0][..], &[0xFF, 0xC0, 0, 11, 8, 0, 9, 0, 16]].concat();
    let r = render(&Value::Bytes(jpeg), &View::plain(Show::Image(ImageKind::Jpeg))).unwrap();
    assert!(matches!(r.content, Content::Image { size: Some((16, 9)), .. }), "{r:?}");

    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>"#;
    let v = Value::Str(svg.into());
    let views = super::views(&v);
    assert_eq!(views[..2], [View::plain(Show::Image(ImageKind::Svg)), View::plain(Show::Xml)]);
    let r = render(&v, &views[1]).unwrap();
    assert_eq!(
        text_of(&r),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\n  \
         <rect width=\"10\" height=\"10\" fill=\"red\"/>\n</svg>"
    );
    assert_eq!(copy_text(&r), svg);
    // Not an image: asking for one is an error, not a panic.
    assert!(render(&Value::Str("x".into()), &View::plain(Show::Image(ImageKind::Png))).is_err());
}

#[test]
fn xml_is_pretty_printed_as_written() {
    let v = Value::Str(
        "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"x\"><Error><Code>AccessDenied</Code>\
         <Message>a &amp; b</Message><!-- why --></Error><RequestId/></ErrorResponse>"
            .into(),
    );
    assert_eq!(views(&v)[0], View::plain(Show::Xml));
    let r = render(&v, &View::plain(Show::Xml)).unwrap();
    assert_eq!(
        text_of(&r),
        "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"x\">\n  <Error>\n    \
         <Code>AccessDenied</Code>\n    <Message>a &amp; b</Message>\n    <!-- why -->\n  \
         </Error>\n  <RequestId/>\n</ErrorResponse>"
    );
    for not_xml in ["<b>bold</b> and more", "<a><b></a>", "<a>", "<a/><b/>", "< x"] {
        assert!(!views(&Value::Str(not_xml.into())).contains(&View::plain(Show::Xml)), "{not_xml}");
    }
}

#[test]
fn epoch_numbers_are_dates() {
    let secs = Value::Int(1_733_000_000);
    assert_eq!(
        views(&secs),
        [View::plain(Show::Timestamp(Epoch::Seconds)), View::plain(Show::Text)]
    );
    let r = render(&secs, &views(&secs)[0]).unwrap();
    let Content::Timestamp(ts) = &r.content else { panic!() };
    assert_eq!(ts.iso, "2024-11-30T20:53:20.000Z");
    let later = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_733_000_000 + 3 * 86_400);
    assert_eq!(ts.relative_to(later), "3 days ago");
    assert_eq!(copy_text(&r), "2024-11-30T20:53:20.000Z");

    let millis = Value::Int(1_733_000_000_000);
    assert_eq!(views(&millis)[0], View::plain(Show::Timestamp(Epoch::Millis)));
    let r = render(&millis, &views(&millis)[0]).unwrap();
    assert_eq!(copy_text(&r), "2024-11-30T20:53:20.000Z");
    // SQS keeps SentTimestamp as a string of milliseconds.
    assert_eq!(
        views(&Value::Str("1733000000000".into()))[0],
        View::plain(Show::Timestamp(Epoch::Millis))
    );
    let float = Value::Float(1_733_000_000.25);
    assert_eq!(copy_text(&render(&float, &views(&float)[0]).unwrap()), "2024-11-30T20:53:20.250Z");
    // Out of range: just the number.
    for v in [Value::Int(42), Value::Int(-1_733_000_000), Value::Float(0.5), Value::Bool(true)] {
        assert_eq!(views(&v), [View::plain(Show::Text)], "{v:?}");
    }
    assert!(views(&Value::Container).is_empty());
}

#[test]
fn binary_is_hex() {
    let v = Value::Bytes(vec![0x00, 0x9f, 0x92, 0x96, 0xff]);
    assert_eq!(views(&v), [View::plain(Show::Hex)]);
    let r = render(&v, &views(&v)[0]).unwrap();
    assert_eq!(copy_text(&r), "009f9296ff");
    let png = png_header();
    assert_eq!(hex_row_count(png.len()), 2);
    assert_eq!(
        hex_row(&png, 0),
        "00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG........IHDR|"
    );
    assert_eq!(
        hex_row(&png, 1),
        "00000010  00 00 00 02 00 00 00 03  08 06 00 00 00           |.............|"
    );
    assert_eq!(hex_row_count(0), 1);
    assert_eq!(hex_row(&[], 0), format!("00000000 {}  ||", " ".repeat(49)));
    // Valid UTF-8 that is not text ranks after hex.
    assert_eq!(
        views(&Value::Bytes(vec![0, 0, 1])),
        [View::plain(Show::Hex), View::plain(Show::Text)]
    );
}

#[test]
fn malformed_input_is_an_error_or_a_note() {
    // Truncated gzip: what was decoded, and a note.
    let long: String = (0..2000).map(|i| format!("line {i}\n")).collect();
    let gz = gzip(long.as_bytes());
    let cut = Value::Bytes(gz[..gz.len() / 2].to_vec());
    let views = views(&cut);
    assert_eq!(views[0], View { steps: vec![Step::Gzip], show: Show::Text });
    let r = render(&cut, &views[0]).unwrap();
    assert!(text_of(&r).starts_with("line 0\nline 1\n"));
    assert!(r.notes.iter().any(|n| n.contains("gzip data ends early")), "{:?}", r.notes);
    // A gzip header and nothing else: only hex.
    let header = Value::Bytes(gz[..10].to_vec());
    assert_eq!(super::views(&header), [View::plain(Show::Hex)]);
    assert!(render(&header, &View { steps: vec![Step::Gzip], show: Show::Text }).is_err());
    // Invalid base64.
    let e = render(
        &Value::Str("not base64!!".into()),
        &View { steps: vec![Step::Base64], show: Show::Text },
    );
    assert!(e.unwrap_err().0.contains("not valid base64"));
    // A gzip bomb is cut at the limit.
    let bomb = Value::Bytes(gzip(&vec![0u8; 8 << 20]));
    let r = render_with(&bomb, &View { steps: vec![Step::Gzip], show: Show::Hex }, SMALL).unwrap();
    let Content::Hex(bytes) = &r.content else { panic!() };
    assert_eq!(bytes.len(), 1 << 20);
    assert!(
        r.notes.iter().any(|n| n.contains("decompresses to more than 1.0 MiB")),
        "{:?}",
        r.notes
    );
    // A zip signature without an archive behind it.
    let fake = Value::Bytes(b"PK\x03\x04 not really".to_vec());
    assert_eq!(super::views(&fake), [View::plain(Show::Hex), View::plain(Show::Text)]);
    assert!(render(&fake, &View::plain(Show::Zip)).is_err());
    // JSON that is not JSON, asked for anyway.
    assert!(render(&Value::Str("{\"a\":".into()), &View::plain(Show::Json)).is_err());
    assert!(
        render(&Value::Str("12".into()), &View::plain(Show::Timestamp(Epoch::Seconds))).is_ok()
    );
    assert!(
        render(&Value::Str("soon".into()), &View::plain(Show::Timestamp(Epoch::Seconds))).is_err()
    );
}

#[test]
fn deep_input_does_not_overflow() {
    let n = 200_000;
    let json = Value::Str(format!("{}{}", "[".repeat(n), "]".repeat(n)));
    assert_eq!(views(&json)[0], View::plain(Show::Text));
    assert!(render(&json, &View::plain(Show::Json)).unwrap_err().0.contains("deeper than"));
    let xml = Value::Str(format!("{}{}", "<a>".repeat(n), "</a>".repeat(n)));
    assert_eq!(views(&xml)[0], View::plain(Show::Text));
    assert!(render(&xml, &View::plain(Show::Xml)).unwrap_err().0.contains("deeper than"));
    // Below the limit: indentation stops growing, so the text stays linear in the input.
    let deep = Value::Str(format!("{}{}", "<a>".repeat(1000), "</a>".repeat(1000)));
    let r = render(&deep, &View::plain(Show::Xml)).unwrap();
    assert!(text_of(&r).len() < 1000 * 2 * (4 + 2 * 64 + 2));
}

#[test]
fn long_lines_wrap_into_numbered_rows() {
    let text = format!("short\r\n{}\nend", "é".repeat(1500));
    let lines = Lines::new(text);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines.row(0), (Some(1), "short"));
    assert_eq!(lines.row(1).0, Some(2));
    assert_eq!(lines.row(1).1.len(), 2000);
    assert_eq!(lines.row(2), (None, "é".repeat(500).as_str()));
    assert_eq!(lines.row(3), (Some(3), "end"));
    assert_eq!(lines.line_count(), 3);
    assert_eq!(Lines::new(String::new()).row(0), (Some(1), ""));
}

#[test]
fn arbitrary_bytes_never_panic() {
    // Random tails behind every signature and opening the views look for.
    let heads: [&[u8]; 9] = [
        b"",
        b"\x1f\x8b\x08",
        b"PK\x03\x04",
        b"PK\x05\x06",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR",
        b"\xff\xd8\xff",
        b"GIF89a",
        b"<svg",
        b"{\"a\":",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for head in heads {
        for len in [0, 1, 7, 64, 700] {
            let mut bytes = head.to_vec();
            bytes.extend((0..len).map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            }));
            for value in
                [Value::Bytes(bytes.clone()), Value::Str(String::from_utf8_lossy(&bytes).into())]
            {
                for view in views_with(&value, SMALL) {
                    if let Ok(r) = render_with(&value, &view, SMALL) {
                        copy_text(&r);
                    }
                }
                // Every view asked of anything: an error at worst.
                for show in [Show::Json, Show::Xml, Show::Zip, Show::Image(ImageKind::Jpeg)] {
                    let _ = render_with(&value, &View { steps: vec![Step::Gzip], show }, SMALL);
                    let _ = render_with(&value, &View::plain(show), SMALL);
                }
            }
        }
    }
}
