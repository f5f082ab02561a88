// Reads RDF files with Apache Jena's RIOT parsers (Debian's libapache-jena-java: jars only, no riot script)
// in one JVM and writes what each one holds as N-Quads, so that the tests compare Jena's reading of every
// file of dist/ term for term with the other readers' (tests/integration/test_jena_readers.py).
//
// Usage: java ReadFiles OUT_DIR FILE… ; writes OUT_DIR/FILE-NAME.nq (the default graph and the named graphs).
// The syntax comes from the file extension (.ttl .nt .rdf .trig); a file that does not parse stops the
// program with exit code 1 and Jena's message (file, line, column). Not JSON-LD: Jena's JSON-LD 1.1 reader
// (Titanium) needs a Jakarta JSON implementation that Debian does not install with Jena ("The document could
// not be loaded"), and its JSON-LD 1.0 reader (jsonld-java) refuses the "@version": 1.1 of the context.
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;

public class ReadFiles {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            Path file = Path.of(args[i]);
            DatasetGraph data = DatasetGraphFactory.create();
            try {
                RDFParser.source(file).parse(data);
            } catch (RiotException error) {
                System.err.println(file + ": " + error.getMessage());
                System.exit(1);
                return;
            }
            try (OutputStream stream = Files.newOutputStream(out.resolve(file.getFileName() + ".nq"))) {
                RDFDataMgr.write(stream, data, Lang.NQUADS);
            }
        }
    }
}
