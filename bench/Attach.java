/**
 * Loads a JVMTI agent into a running JVM with its options passed as they are (jcmd's JVMTI.agent_load splits them
 * at commas). For bench/service-profile.sh: java bench/Attach.java PID AGENT_PATH OPTIONS
 */
public class Attach {
    public static void main(String[] args) throws Exception {
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
