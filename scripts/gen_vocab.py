"""Generate kgraph/rdf/vocab.py from ontology/kgraph.ttl.

    python scripts/gen_vocab.py          # rewrite the module
    python scripts/gen_vocab.py --check  # exit 1 when the committed module is stale

The ontology is the single source of the kg: IRIs: code imports ``KG``, ``KGR``,
``RELATION_PROPERTY`` and ``RELATION_CLASS`` from the generated module and never types an IRI.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kgraph.ttl"
TARGET = ROOT / "kgraph" / "rdf" / "vocab.py"

KG_NS = "https://w3id.org/kgraph/ontology#"
VANN = Namespace("http://purl.org/vocab/vann/")
_KG = Namespace(KG_NS)

_KINDS = (
    (OWL.Class, "classes"),
    (OWL.ObjectProperty, "object properties"),
    (OWL.DatatypeProperty, "datatype properties"),
    (OWL.AnnotationProperty, "annotation properties"),
    (OWL.NamedIndividual, "individuals"),
)


def _label(g: Graph, term: URIRef) -> str:
    label = g.value(term, RDFS.label)
    return " ".join(str(label).split()) if label is not None else ""


def _resource_namespace(g: Graph) -> str:
    for _onto, node in g.subject_objects(_KG.resourceNamespace):
        uri = g.value(node, VANN.preferredNamespaceUri)
        if uri is not None:
            return str(uri)
    raise SystemExit("ontology: no kg:resourceNamespace with vann:preferredNamespaceUri")


def render(ontology: Path = ONTOLOGY) -> str:
    """The text of vocab.py for the ontology at ``ontology``."""
    g = Graph().parse(ontology, format="turtle")
    onto = next(g.subjects(RDF.type, OWL.Ontology))
    title = str(g.value(onto, URIRef("http://purl.org/dc/terms/title")) or "kgraph")
    version = str(g.value(onto, OWL.versionInfo) or "")

    lines = [
        '"""The kgraph vocabulary, generated from ontology/kgraph.ttl by scripts/gen_vocab.py.',
        "",
        "Do not edit: change the ontology and run ``python scripts/gen_vocab.py``.",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class KG(DefinedNamespace):",
        f'    """{title} (version {version})."""',
        "",
        "    _fail = True",
    ]
    seen: set[str] = set()
    for kind, heading in _KINDS:
        terms = sorted(
            str(t)[len(KG_NS) :]
            for t in g.subjects(RDF.type, kind)
            if isinstance(t, URIRef) and str(t).startswith(KG_NS)
        )
        terms = [t for t in terms if t not in seen]
        if not terms:
            continue
        lines += ["", f"    # {heading}"]
        for name in terms:
            seen.add(name)
            if not name.isidentifier():
                raise SystemExit(f"ontology: kg:{name} is not a Python identifier")
            comment = _label(g, _KG[name])
            line = f"    {name}: URIRef  # {comment}"
            lines.append(line if len(line) <= 100 else line[:97] + "...")
    lines += ["", f'    _NS = Namespace("{KG_NS}")', "", ""]

    lines.append("#: Namespace of the data: entities, articles, graphs, assertions, extractors.")
    lines.append(f'KGR = Namespace("{_resource_namespace(g)}")')
    lines.append("")

    props: dict[str, str] = {}
    classes: dict[str, str] = {}
    for prop, name in g.subject_objects(_KG.relationName):
        key = str(Literal(name))
        props[key] = str(prop)[len(KG_NS) :]
        cls = g.value(prop, _KG.assertionClass)
        if cls is None:
            raise SystemExit(f"ontology: {prop} has kg:relationName but no kg:assertionClass")
        classes[key] = str(cls)[len(KG_NS) :]
    lines.append("#: relation name (kgraph.types.RELATIONS) -> direct property.")
    lines.append("RELATION_PROPERTY: dict[str, URIRef] = {")
    lines += [f'    "{k}": KG.{props[k]},' for k in sorted(props)]
    lines.append("}")
    lines.append("")
    lines.append("#: relation name -> class of its assertion nodes.")
    lines.append("RELATION_CLASS: dict[str, URIRef] = {")
    lines += [f'    "{k}": KG.{classes[k]},' for k in sorted(classes)]
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print("kgraph/rdf/vocab.py is stale: run python scripts/gen_vocab.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
