// Runs SPARQL queries with Apache Jena ARQ (Debian's libapache-jena-java: jars only, no command scripts)
// in one JVM, so that every competency query is checked on a third engine without paying a JVM start each.
//
// Usage: java RunQueries DATA.trig OUT_DIR GRAPH_IRI[,GRAPH_IRI…] QUERY.rq…
// The query's default graph is the merge of the given named graphs of DATA.trig: the same dataset as one
// FROM line per published layer (what mgo documents for every store). Each result is written to
// OUT_DIR/NAME.srj (SPARQL JSON results) or OUT_DIR/NAME.nt (CONSTRUCT/DESCRIBE, N-Triples).
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DynamicDatasets;

public class RunQueries {
    public static void main(String[] args) throws Exception {
        DatasetGraph data = RDFDataMgr.loadDatasetGraph(args[0]);
        Path out = Path.of(args[1]);
        List<Node> graphs = new ArrayList<>();
        for (String iri : args[2].split(",")) {
            graphs.add(NodeFactory.createURI(iri));
        }
        Dataset dataset = DatasetFactory.wrap(DynamicDatasets.dynamicDataset(graphs, List.of(), data, false));
        for (int i = 3; i < args.length; i++) {
            Path file = Path.of(args[i]);
            String name = file.getFileName().toString().replaceAll("\\.rq$", "");
            Query query = QueryFactory.create(Files.readString(file));
            try (QueryExecution execution = QueryExecutionFactory.create(query, dataset)) {
                if (query.isSelectType()) {
                    try (OutputStream stream = Files.newOutputStream(out.resolve(name + ".srj"))) {
                        ResultSetFormatter.outputAsJSON(stream, execution.execSelect());
                    }
                } else if (query.isAskType()) {
                    try (OutputStream stream = Files.newOutputStream(out.resolve(name + ".srj"))) {
                        ResultSetFormatter.outputAsJSON(stream, execution.execAsk());
                    }
                } else {
                    try (OutputStream stream = Files.newOutputStream(out.resolve(name + ".nt"))) {
                        RDFDataMgr.write(stream, query.isConstructType() ? execution.execConstruct() : execution.execDescribe(), Lang.NTRIPLES);
                    }
                }
            }
        }
    }
}
