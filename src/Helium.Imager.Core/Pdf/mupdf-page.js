// One page of a PDF for Helium Imager, run by MuPDF's `mutool run`. The file is opened as PDF whatever
// it holds (the server hands over only files it sniffed as PDF; MuPDF would also read XPS, EPUB, SVG
// and others). The document's own JavaScript never runs: nothing here enables it.
//
// Arguments: pdf page output rule width height dpi regionWidth regionHeight maxSide maxPixels
//   output    the PNG to write (with alpha: unpainted areas stay transparent), or "-" to only describe
//   rule      how many pixels a point becomes: "fixed" (dpi / 72), "smaller" or "larger" of
//             width / regionWidth and height / regionHeight (a target of 0 is not asked for)
//   region    the part of the page the output shows, in points (0: the whole page)
//   maxSide, maxPixels   bounds on the whole page as drawn
// Prints one line of JSON: {pages, width, height[, scale]} (the page's size in points, as displayed),
// or {error: "password"} / {error: "empty"} (no page could be read) / {error: "page", pages}.
var a = scriptArgs;
var doc = new Document(a[0], "application/pdf");
if (doc.needsPassword()) {
  print(JSON.stringify({ error: "password" }));
  quit();
}
var pages = doc.countPages();
if (pages < 1) {
  print(JSON.stringify({ error: "empty" }));
  quit();
}
var number = parseInt(a[1], 10);
if (number > pages) {
  print(JSON.stringify({ error: "page", pages: pages }));
  quit();
}
var page = doc.loadPage(number - 1);
var box = page.bound();
var width = box[2] - box[0];
var height = box[3] - box[1];
var result = { pages: pages, width: width, height: height };
if (a[2] !== "-") {
  var regionWidth = +a[7] || width;
  var regionHeight = +a[8] || height;
  var targetWidth = +a[4];
  var targetHeight = +a[5];
  var scale;
  if (a[3] === "fixed") {
    scale = +a[6] / 72;
  } else if (!targetWidth || !targetHeight) {
    scale = targetWidth ? targetWidth / regionWidth : targetHeight / regionHeight;
  } else if (a[3] === "smaller") {
    scale = Math.min(targetWidth / regionWidth, targetHeight / regionHeight);
  } else {
    scale = Math.max(targetWidth / regionWidth, targetHeight / regionHeight);
  }
  scale = Math.min(scale, +a[9] / Math.max(width, height), Math.sqrt(+a[10] / (width * height)));
  page.toPixmap([scale, 0, 0, scale, 0, 0], DeviceRGB, true, false).saveAsPNG(a[2]);
  result.scale = scale;
}
print(JSON.stringify(result));
