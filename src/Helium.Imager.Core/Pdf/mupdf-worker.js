// Helium Imager's PDF helper, run by MuPDF's `mutool run` and kept running: it reads one request a
// line on standard input and answers each with one line of JSON. A file is opened as PDF whatever it
// holds (the server hands over only files it sniffed as PDF; MuPDF would also read XPS, EPUB, SVG and
// others), and the document's own JavaScript never runs: nothing here enables it.
//
// Request: {"pdf": path, "page": n, "output": path or "-" (only describe), "sizing": [rule, width,
//   height, dpi, regionWidth, regionHeight, maxSide, maxPixels]}
//   rule: how many pixels a point becomes: "fixed" (dpi / 72), "smaller" or "larger" of width /
//   regionWidth and height / regionHeight (a target of 0 is not asked for); region: the part of the
//   page the output shows, in points (0: the whole page); maxSide, maxPixels: bounds on the whole page.
//   output: where the drawn page goes, as a PAM file; MuPDF's writer puts the page number (1) in
//   place of a "%d" in it.
// Answer: {pages, width, height[, scale]} (the page's size in points, as displayed, its /Rotate
//   applied), or {error: "password" | "empty" | "page" (with pages) | "corrupt" (with message)}.
function scaleFor(sizing, width, height) {
  var regionWidth = +sizing[4] || width;
  var regionHeight = +sizing[5] || height;
  var targetWidth = +sizing[1];
  var targetHeight = +sizing[2];
  var scale;
  if (sizing[0] === "fixed") {
    scale = +sizing[3] / 72;
  } else if (!targetWidth || !targetHeight) {
    scale = targetWidth ? targetWidth / regionWidth : targetHeight / regionHeight;
  } else if (sizing[0] === "smaller") {
    scale = Math.min(targetWidth / regionWidth, targetHeight / regionHeight);
  } else {
    scale = Math.max(targetWidth / regionWidth, targetHeight / regionHeight);
  }
  return Math.min(scale, +sizing[6] / Math.max(width, height), Math.sqrt(+sizing[7] / (width * height)));
}

function answer(request) {
  var doc = new Document(request.pdf, "application/pdf");
  if (doc.needsPassword()) {
    return { error: "password" };
  }
  var pages = doc.countPages();
  if (pages < 1) {
    return { error: "empty" };
  }
  if (request.page > pages) {
    return { error: "page", pages: pages };
  }
  var page = doc.loadPage(request.page - 1);
  var box = page.bound();
  var width = box[2] - box[0];
  var height = box[3] - box[1];
  var result = { pages: pages, width: width, height: height };
  if (request.output !== "-") {
    // Raw pixels (PAM, RGB and straight alpha), not PNG: compressing and inflating a PNG took
    // longer than drawing the page. The size is rounded as MuPDF rounds a pixmap's bounds.
    var scale = scaleFor(request.sizing, width, height);
    var pixelsWide = Math.max(1, Math.ceil(width * scale - 0.001));
    var pixelsHigh = Math.max(1, Math.ceil(height * scale - 0.001));
    var writer = new DocumentWriter(request.output, "pam", "width=" + pixelsWide + ",height=" + pixelsHigh + ",alpha");
    page.run(writer.beginPage(box), Identity);
    writer.endPage();
    writer.close();
    result.scale = scale;
  }
  return result;
}

for (;;) {
  var line = readline(); // throws at the end of input, which ends the helper
  var reply;
  try {
    reply = answer(JSON.parse(line));
  } catch (e) {
    reply = { error: "corrupt", message: String(e) };
  }
  print(JSON.stringify(reply));
  gc(); // the document and its page go now, not at some later collection
}
