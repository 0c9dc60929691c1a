// Not compiled (see the project file): read by DependencyTests as source, to show that a using
// directive which closes a cycle is found. Transforms is used by Sources; this makes it use Sources back.
using Helium.Imager.Core.Sources;

namespace Helium.Imager.Core.Transforms;
