// One JVM for a whole batch of documents: HeidelTime is initialised once per language and document
// type, then each stdin line "DCT<TAB>base64(text)" (DCT "-" = none) yields one stdout line
// base64(TimeML). Used only by framelab's evaluation and benchmark (optional HeidelTime backend).
import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Base64;
import java.util.Date;

public class HeidelTimeBatch {
    public static void main(String[] args) throws Exception {
        String config = args[0];
        Language language = Language.getLanguageFromString(args[1]);
        POSTagger pos = POSTagger.valueOf(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        System.setOut(System.err);  // HeidelTime prints progress; keep stdout for results
        HeidelTimeStandalone news = null;
        HeidelTimeStandalone narratives = null;
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            int tab = line.indexOf('\t');
            String dct = line.substring(0, tab);
            String text = new String(Base64.getDecoder().decode(line.substring(tab + 1)), StandardCharsets.UTF_8);
            String result;
            try {
                if (dct.equals("-")) {
                    if (narratives == null) {
                        narratives = new HeidelTimeStandalone(language, DocumentType.NARRATIVES, OutputType.TIMEML, config, pos, false);
                    }
                    result = narratives.process(text);
                } else {
                    if (news == null) {
                        news = new HeidelTimeStandalone(language, DocumentType.NEWS, OutputType.TIMEML, config, pos, false);
                    }
                    Date date = format.parse(dct);
                    result = news.process(text, date);
                }
            } catch (Exception e) {
                result = "ERROR " + e;
            }
            out.println(Base64.getEncoder().encodeToString(result.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
